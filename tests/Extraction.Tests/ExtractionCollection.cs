namespace EvSysReview.Extraction.Tests;

/// <summary>One host for every API test class (each test makes its own project), to spare the shared CPUs.</summary>
[CollectionDefinition(Name)]
public sealed class ExtractionCollection : ICollectionFixture<ExtractionHost>
{
    public const string Name = "extraction host";
}
