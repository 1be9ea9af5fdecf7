namespace Suggestions.Classification.Training;

/// <summary>
/// Limited-memory BFGS with a backtracking (Armijo) line search. The objectives here are smooth and
/// convex (L2-regularised softmax), where this converges in a few hundred cheap full-batch passes —
/// deterministic, unlike SGD, so retraining on the same data gives the same model.
/// </summary>
internal static class Lbfgs
{
    /// <summary>Returns f(x) and writes ∇f(x) into the second argument.</summary>
    public delegate double Objective(double[] x, double[] gradient);

    public static double[] Minimize(Objective objective, double[] start, int maxIterations, int memory = 8, double tolerance = 1e-6)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        var fx = objective(x, g);
        var s = new double[memory][];
        var y = new double[memory][];
        var rho = new double[memory];
        var alpha = new double[memory];
        var stored = 0;
        var newest = -1;
        var direction = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var stalls = 0;

        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var gNorm = Math.Sqrt(Dot(g, g));
            if (gNorm < 1e-9)
            {
                break;
            }

            // Two-loop recursion: direction = -H·g.
            Array.Copy(g, direction, n);
            for (var j = 0; j < stored; j++)
            {
                var i = (newest - j + memory) % memory;
                alpha[i] = rho[i] * Dot(s[i], direction);
                Axpy(-alpha[i], y[i], direction);
            }

            var gamma = stored > 0 ? 1 / (rho[newest] * Dot(y[newest], y[newest])) : 1 / gNorm;
            Scale(direction, gamma);
            for (var j = stored - 1; j >= 0; j--)
            {
                var i = (newest - j + memory) % memory;
                var beta = rho[i] * Dot(y[i], direction);
                Axpy(alpha[i] - beta, s[i], direction);
            }

            Scale(direction, -1);
            var slope = Dot(direction, g);
            if (slope >= 0)
            {
                // Not a descent direction (curvature information gone stale): restart from steepest descent.
                stored = 0;
                Array.Copy(g, direction, n);
                Scale(direction, -1 / gNorm);
                slope = Dot(direction, g);
            }

            var step = 1.0;
            double fNew;
            var tries = 0;
            while (true)
            {
                for (var i = 0; i < n; i++)
                {
                    xNew[i] = x[i] + (step * direction[i]);
                }

                fNew = objective(xNew, gNew);
                if (fNew <= fx + (1e-4 * step * slope) || ++tries >= 40)
                {
                    break;
                }

                step *= 0.5;
            }

            if (fNew > fx)
            {
                break;
            }

            newest = (newest + 1) % memory;
            s[newest] ??= new double[n];
            y[newest] ??= new double[n];
            for (var i = 0; i < n; i++)
            {
                s[newest][i] = xNew[i] - x[i];
                y[newest][i] = gNew[i] - g[i];
            }

            var sy = Dot(s[newest], y[newest]);
            if (sy > 1e-12)
            {
                rho[newest] = 1 / sy;
                stored = Math.Min(stored + 1, memory);
            }
            else
            {
                newest = (newest - 1 + memory) % memory;
            }

            var improvement = (fx - fNew) / Math.Max(1, Math.Max(Math.Abs(fx), Math.Abs(fNew)));
            (x, xNew) = (xNew, x);
            (g, gNew) = (gNew, g);
            fx = fNew;
            stalls = improvement < tolerance ? stalls + 1 : 0;
            if (stalls >= 3)
            {
                break;
            }
        }

        return x;
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static void Scale(double[] x, double a)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] *= a;
        }
    }
}
