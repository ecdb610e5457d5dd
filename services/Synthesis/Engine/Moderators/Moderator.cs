namespace EvSysReview.Synthesis.Engine.Moderators;

/// <summary>A study-level covariate for meta-regression, one value per study in study order.</summary>
public abstract record Moderator(string Name);

/// <summary>A numeric covariate entered as one column (e.g. absolute latitude, dose, year).</summary>
public sealed record ContinuousModerator(string Name, IReadOnlyList<double> Values) : Moderator(Name);

/// <summary>
/// A categorical covariate entered as treatment (dummy) contrasts against a reference level, like an
/// R factor: the reference defaults to the first level in ordinal sort order, and the columns are
/// named Name + level (R's "allocrandom").
/// </summary>
public sealed record CategoricalModerator(string Name, IReadOnlyList<string> Levels, string? Reference = null) : Moderator(Name);
