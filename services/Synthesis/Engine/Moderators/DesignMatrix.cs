using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Synthesis.Engine.Moderators;

/// <summary>Builds the model matrix [1, moderators...] as rma(yi, vi, mods = ~ ...) would.</summary>
internal static class DesignMatrix
{
    public static LinearModelData Build(IReadOnlyList<StudyEffect> studies, IReadOnlyList<Moderator> moderators)
    {
        var k = studies.Count;
        var columns = new List<double[]> { Enumerable.Repeat(1.0, k).ToArray() };
        var names = new List<string> { "intrcpt" };
        foreach (var moderator in moderators)
        {
            switch (moderator)
            {
                case ContinuousModerator continuous:
                    CheckLength(continuous.Name, continuous.Values.Count, k);
                    for (var i = 0; i < k; i++)
                    {
                        if (!double.IsFinite(continuous.Values[i]))
                        {
                            throw new MetaAnalysisException($"moderator value {continuous.Values[i]} is not a finite number.", studies[i].Label, continuous.Name);
                        }
                    }

                    columns.Add(continuous.Values.ToArray());
                    names.Add(continuous.Name);
                    break;
                case CategoricalModerator categorical:
                    CheckLength(categorical.Name, categorical.Levels.Count, k);
                    var levels = categorical.Levels.Distinct().Order(StringComparer.Ordinal).ToList();
                    var reference = categorical.Reference ?? levels[0];
                    if (!levels.Contains(reference))
                    {
                        throw new MetaAnalysisException($"reference level '{reference}' does not occur.", field: categorical.Name);
                    }

                    foreach (var level in levels.Where(l => l != reference))
                    {
                        columns.Add(categorical.Levels.Select(l => l == level ? 1.0 : 0.0).ToArray());
                        names.Add(categorical.Name + level);
                    }

                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(moderators), moderator, "unknown moderator type");
            }
        }

        return new LinearModelData(studies, columns.ToArray(), names.ToArray());
    }

    private static void CheckLength(string name, int count, int k)
    {
        if (count != k)
        {
            throw new MetaAnalysisException($"has {count} values for {k} studies.", field: name);
        }
    }
}
