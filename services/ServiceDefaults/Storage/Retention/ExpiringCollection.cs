namespace EvSysReview.ServiceDefaults.Storage.Retention;

/// <summary>A collection of a store whose documents are forgotten once not written for an age the options give.</summary>
public sealed record ExpiringCollection(string Collection, Func<RetentionOptions, TimeSpan> Age);
