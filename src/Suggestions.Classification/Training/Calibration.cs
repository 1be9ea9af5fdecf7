using Suggestions.Classification.Features;

namespace Suggestions.Classification.Training;

/// <summary>Temperature scaling and threshold choices, on out-of-fold predictions.</summary>
internal static class Calibration
{
    /// <summary>The temperature minimising log-loss (golden-section search; log-loss is unimodal in 1/T).</summary>
    public static double FitTemperature(double[][] logits, int[] labels)
    {
        double Loss(double inverse) => LogLoss(logits, labels, 1 / inverse);
        double a = 0.05, b = 20;
        var phi = (Math.Sqrt(5) - 1) / 2;
        var c = b - (phi * (b - a));
        var d = a + (phi * (b - a));
        for (var i = 0; i < 80; i++)
        {
            if (Loss(c) < Loss(d))
            {
                b = d;
            }
            else
            {
                a = c;
            }

            c = b - (phi * (b - a));
            d = a + (phi * (b - a));
        }

        return 2 / (a + b);
    }

    public static double LogLoss(double[][] logits, int[] labels, double temperature)
    {
        var total = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            var p = Probabilities(logits[i], temperature);
            total -= Math.Log(Math.Max(p[labels[i]], 1e-12));
        }

        return total / logits.Length;
    }

    public static double Accuracy(double[][] logits, int[] labels)
    {
        var correct = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            if (ArgMax(logits[i]) == labels[i])
            {
                correct++;
            }
        }

        return correct / (double)logits.Length;
    }

    public static double[] Probabilities(double[] logits, double temperature)
    {
        var p = (double[])logits.Clone();
        TopicMath.Softmax(p, temperature);
        return p;
    }

    /// <summary>
    /// The lowest confidence such that the answers at or above it are right at least
    /// <paramref name="targetPrecision"/> of the time: the largest set we can auto-accept at that precision.
    /// </summary>
    public static double ReviewThreshold(double[][] probabilities, int[] labels, double targetPrecision)
    {
        var items = probabilities
            .Select((p, i) => (Confidence: p.Max(), Correct: ArgMax(p) == labels[i]))
            .OrderByDescending(x => x.Confidence)
            .ToArray();
        var threshold = 0.95;
        var correct = 0;
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i].Correct)
            {
                correct++;
            }

            if (correct / (double)(i + 1) >= targetPrecision)
            {
                threshold = items[i].Confidence;
            }
        }

        return Math.Clamp(threshold, 0.3, 0.95);
    }

    /// <summary>The probability threshold with the best F1, kept away from the extremes a small sample favours.</summary>
    public static (double Threshold, double F1) BestF1Threshold(double[] probabilities, int[] labels)
    {
        var order = Enumerable.Range(0, probabilities.Length).OrderByDescending(i => probabilities[i]).ToArray();
        var positives = labels.Count(l => l == 1);
        double bestF1 = 0, bestThreshold = 0.5;
        var truePositives = 0;
        for (var n = 0; n < order.Length; n++)
        {
            truePositives += labels[order[n]];
            var f1 = 2.0 * truePositives / (n + 1 + positives);
            if (f1 > bestF1)
            {
                bestF1 = f1;

                // Midway to the next lower score: the boundary is somewhere in that gap.
                var next = n + 1 < order.Length ? probabilities[order[n + 1]] : 0;
                bestThreshold = (probabilities[order[n]] + next) / 2;
            }
        }

        return (Math.Clamp(bestThreshold, 0.15, 0.85), bestF1);
    }

    public static int ArgMax(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
