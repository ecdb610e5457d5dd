using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Moderators;

namespace EvSysReview.Synthesis.MetaAnalyses;

/// <summary>A request read and checked: effect sizes in request order, model options, moderators (maybe none).</summary>
public sealed record FitInput(string Measure, IReadOnlyList<StudyEffect> Studies, MetaAnalysisOptions Options, IReadOnlyList<Moderator> Moderators);
