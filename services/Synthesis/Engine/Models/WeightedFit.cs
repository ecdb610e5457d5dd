using MathNet.Numerics.LinearAlgebra;

namespace EvSysReview.Synthesis.Engine.Models;

/// <summary>
/// Weighted least squares of y on X with weights w, and the quadratic forms and traces of
/// P = W − W X (X'WX)⁻¹ X' W that the τ² estimators need. P is never formed: with residuals
/// e = y − Xb, y'Py = Σ w e², y'PPy = Σ (w e)², tr P = Σ w − tr(A X'W²X) and
/// tr PP = Σ w² − 2 tr(A X'W³X) + tr((A X'W²X)²), A = (X'WX)⁻¹, so a fit costs O(k p²) even at k = 10⁴.
/// </summary>
internal sealed class WeightedFit
{
    private WeightedFit(double[] beta, double[,] inverse, double rss, double yPPy, double sumW, double sumW2, double traceP, double tracePP, double logDetXtWX)
    {
        Beta = beta;
        Inverse = inverse;
        Rss = rss;
        YPPy = yPPy;
        SumW = sumW;
        SumW2 = sumW2;
        TraceP = traceP;
        TracePP = tracePP;
        LogDetXtWX = logDetXtWX;
    }

    public double[] Beta { get; }

    /// <summary>(X'WX)⁻¹, the model-based covariance of Beta.</summary>
    public double[,] Inverse { get; }

    /// <summary>y'Py = Σ wᵢ eᵢ²: Cochran's Q at w = 1/vi, the generalised Q at w = 1/(vi + τ²).</summary>
    public double Rss { get; }

    public double YPPy { get; }

    public double SumW { get; }

    public double SumW2 { get; }

    public double TraceP { get; }

    public double TracePP { get; }

    public double LogDetXtWX { get; }

    public static WeightedFit AtTau2(LinearModelData data, double tau2)
    {
        var w = new double[data.K];
        for (var i = 0; i < w.Length; i++) w[i] = 1 / (data.V[i] + tau2);
        return WithWeights(data, w);
    }

    public static WeightedFit WithWeights(LinearModelData data, double[] w)
    {
        int k = data.K, p = data.P;
        var x = data.Columns;
        var y = data.Y;
        var xtwx = new double[p, p];
        var xtw2x = new double[p, p];
        var xtw3x = new double[p, p];
        var xtwy = new double[p];
        double sumW = 0, sumW2 = 0;
        for (var i = 0; i < k; i++)
        {
            double wi = w[i], wi2 = wi * wi, wi3 = wi2 * wi;
            sumW += wi;
            sumW2 += wi2;
            for (var a = 0; a < p; a++)
            {
                var xa = x[a][i];
                xtwy[a] += wi * xa * y[i];
                for (var b = 0; b <= a; b++)
                {
                    var xab = xa * x[b][i];
                    xtwx[a, b] += wi * xab;
                    xtw2x[a, b] += wi2 * xab;
                    xtw3x[a, b] += wi3 * xab;
                }
            }
        }

        Symmetrise(xtwx);
        Symmetrise(xtw2x);
        Symmetrise(xtw3x);
        var (inverse, logDet) = InvertPositiveDefinite(xtwx);

        var beta = new double[p];
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < p; b++) beta[a] += inverse[a, b] * xtwy[b];
        }

        double rss = 0, yPPy = 0;
        for (var i = 0; i < k; i++)
        {
            var fitted = 0.0;
            for (var a = 0; a < p; a++) fitted += x[a][i] * beta[a];
            var we = w[i] * (y[i] - fitted);
            rss += we * (y[i] - fitted);
            yPPy += we * we;
        }

        var ab2 = Multiply(inverse, xtw2x);
        var ab3 = Multiply(inverse, xtw3x);
        var traceP = sumW - Trace(ab2);
        var tracePP = sumW2 - 2 * Trace(ab3) + TraceOfProduct(ab2, ab2);
        return new WeightedFit(beta, inverse, rss, yPPy, sumW, sumW2, traceP, tracePP, logDet);
    }

    private static (double[,] Inverse, double LogDet) InvertPositiveDefinite(double[,] m)
    {
        var p = m.GetLength(0);
        if (p == 1)
        {
            return (new[,] { { 1 / m[0, 0] }, }, Math.Log(m[0, 0]));
        }

        var cholesky = Matrix<double>.Build.DenseOfArray(m).Cholesky();
        return (cholesky.Solve(Matrix<double>.Build.DenseIdentity(p)).ToArray(), cholesky.DeterminantLn);
    }

    private static void Symmetrise(double[,] m)
    {
        for (var a = 0; a < m.GetLength(0); a++)
        {
            for (var b = 0; b < a; b++) m[b, a] = m[a, b];
        }
    }

    private static double[,] Multiply(double[,] left, double[,] right)
    {
        var p = left.GetLength(0);
        var product = new double[p, p];
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < p; b++)
            {
                for (var c = 0; c < p; c++) product[a, b] += left[a, c] * right[c, b];
            }
        }

        return product;
    }

    private static double Trace(double[,] m)
    {
        var trace = 0.0;
        for (var a = 0; a < m.GetLength(0); a++) trace += m[a, a];
        return trace;
    }

    private static double TraceOfProduct(double[,] left, double[,] right)
    {
        var p = left.GetLength(0);
        var trace = 0.0;
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < p; b++) trace += left[a, b] * right[b, a];
        }

        return trace;
    }
}
