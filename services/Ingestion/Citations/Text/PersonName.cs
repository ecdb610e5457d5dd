namespace EvSysReview.Ingestion.Citations.Text;

/// <summary>
/// Author strings from RIS, WoS and CSV: "Last, Fore" / "Last,Fore" (RIS, WoS), "Liu R." /
/// "Adler D.G." (Embase, PubMed initials form), "E J Reimer" (initials first), or a lone surname.
/// </summary>
internal static class PersonName
{
    public static CitationAuthor? Parse(string value)
    {
        var name = value.Trim();
        if (name.Length == 0) return null;
        var comma = name.IndexOf(',');
        if (comma > 0)
        {
            var fore = name[(comma + 1)..].Trim();
            return new CitationAuthor { LastName = name[..comma].Trim(), ForeName = fore.Length == 0 ? null : fore };
        }
        var space = name.LastIndexOf(' ');
        if (space > 0 && LooksLikeInitials(name[(space + 1)..]))
            return new CitationAuthor { LastName = name[..space].Trim(), Initials = name[(space + 1)..] };
        // "E J Reimer", "R. L. Whistler", "G Bianchi Porro": initials first, surname after.
        var tokens = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var leading = tokens.TakeWhile(t => t.Length <= 2 && LooksLikeInitials(t)).Count();
        if (leading > 0 && leading < tokens.Length)
            return new CitationAuthor { LastName = string.Join(' ', tokens[leading..]), Initials = string.Concat(tokens[..leading]).Replace(".", "") };
        return new CitationAuthor { LastName = name };
    }

    // "R.", "DG", "D.G.", "J-P": short, upper-case letters with dots or hyphens.
    private static bool LooksLikeInitials(string part) =>
        part.Length <= 6 && part.Any(char.IsUpper) && part.All(c => char.IsUpper(c) || c is '.' or '-');
}
