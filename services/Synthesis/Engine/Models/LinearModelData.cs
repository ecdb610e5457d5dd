using EvSysReview.Synthesis.Engine.EffectSizes;
using MathNet.Numerics.LinearAlgebra;

namespace EvSysReview.Synthesis.Engine.Models;

/// <summary>
/// yi, vi and the model matrix X (stored by column, first column the intercept) of one model.
/// Construction checks what metafor checks: positive finite variances and a full-rank X.
/// </summary>
internal sealed class LinearModelData
{
    private const double RankTolerance = 1e-7; // metafor's control evtol

    public LinearModelData(IReadOnlyList<StudyEffect> studies, double[][] columns, string[] columnNames)
    {
        Studies = studies;
        Y = new double[studies.Count];
        V = new double[studies.Count];
        for (var i = 0; i < studies.Count; i++)
        {
            var s = studies[i];
            if (!double.IsFinite(s.Yi))
            {
                throw new MetaAnalysisException($"effect size is not a finite number ({s.Yi}).", s.Label, nameof(s.Yi));
            }

            if (!double.IsFinite(s.Vi) || s.Vi <= 0)
            {
                throw new MetaAnalysisException($"sampling variance must be positive and finite but is {s.Vi}.", s.Label, nameof(s.Vi));
            }

            Y[i] = s.Yi;
            V[i] = s.Vi;
        }

        Columns = columns;
        ColumnNames = columnNames;
        // An intercept-only X (a column of ones) is always of full rank.
        if (P > 1 && K >= P)
        {
            CheckFullRank();
        }
    }

    public IReadOnlyList<StudyEffect> Studies { get; }

    public double[] Y { get; }

    public double[] V { get; }

    public double[][] Columns { get; }

    public string[] ColumnNames { get; }

    public int K => Y.Length;

    public int P => Columns.Length;

    public static LinearModelData InterceptOnly(IReadOnlyList<StudyEffect> studies) =>
        new(studies, [Enumerable.Repeat(1.0, studies.Count).ToArray()], ["intrcpt"]);

    private void CheckFullRank()
    {
        var crossProduct = Matrix<double>.Build.Dense(P, P, (a, b) => Dot(Columns[a], Columns[b]));
        var smallest = crossProduct.Evd(Symmetricity.Symmetric).EigenValues.Min(e => e.Real);
        if (smallest <= RankTolerance)
        {
            throw new MetaAnalysisException(
                $"model matrix is not of full rank (columns {string.Join(", ", ColumnNames)}): a moderator is constant or a combination of the others.",
                kind: MetaAnalysisFailure.NotFullRank);
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
