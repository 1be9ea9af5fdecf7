using Suggestions.Classification.Features;

namespace Suggestions.Classification.Training;

/// <summary>
/// What turns category scores into calibrated probabilities: a temperature on the softmax, then (if it has
/// knots) an isotonic map of the top answer's confidence.
/// </summary>
internal sealed record CalibrationMap(double Temperature, double[] IsotonicX, double[] IsotonicY)
{
    /// <summary>
    /// Fits the map on scores whose right answers are known: the temperature minimising log-loss (unless
    /// given), then the isotonic map of "the top answer was right" on the tempered confidence.
    /// </summary>
    /// <param name="weights">How much each text counts (null: one each).</param>
    public static CalibrationMap Fit(double[][] logits, int[] labels, bool isotonic, double? temperature = null, double[]? weights = null)
    {
        var t = temperature ?? Calibration.FitTemperature(logits, labels, weights);
        if (!isotonic)
        {
            return new CalibrationMap(t, [], []);
        }

        var tempered = logits.Select(z => Calibration.Probabilities(z, t)).ToArray();
        var (x, y) = Calibration.Isotonic(
            [.. tempered.Select(q => q.Max())],
            [.. tempered.Select((q, i) => Calibration.ArgMax(q) == labels[i])],
            weights);
        return new CalibrationMap(t, x, y);
    }

    public double[] Probabilities(double[] logits) =>
        Calibration.Recalibrate(Calibration.Probabilities(logits, Temperature), IsotonicX, IsotonicY);
}

/// <summary>Temperature scaling and threshold choices, on out-of-fold predictions.</summary>
internal static class Calibration
{
    /// <summary>The temperature minimising log-loss (golden-section search; log-loss is unimodal in 1/T).</summary>
    public static double FitTemperature(double[][] logits, int[] labels, double[]? weights = null)
    {
        double Loss(double inverse) => LogLoss(logits, labels, 1 / inverse, weights);
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

    /// <summary>
    /// The slope of <see cref="LengthScale"/> and a temperature that together minimise the weighted log-loss of
    /// softmax(logits · exp(a + slope · covariate)), where the temperature is exp(−a): how much a text's length should
    /// sharpen or flatten its scores. The slope is clamped to ±<see cref="LengthScale.MaxSlope"/>.
    /// </summary>
    /// <param name="covariates">Per text, <see cref="LengthScale.Covariate"/> of its length.</param>
    public static (double Slope, double Temperature) FitLengthSlope(double[][] logits, int[] labels, double[] covariates, double[]? weights = null)
    {
        var classes = logits[0].Length;
        var total = weights?.Sum() ?? logits.Length;
        var z = new double[classes];
        var residual = new double[classes];
        double Objective(double[] x, double[] gradient)
        {
            Array.Clear(gradient);
            var loss = 0.0;
            for (var i = 0; i < logits.Length; i++)
            {
                var w = (weights?[i] ?? 1) / total;
                var factor = Math.Exp(Math.Clamp(x[0] + (x[1] * covariates[i]), -30, 30));
                for (var c = 0; c < classes; c++)
                {
                    z[c] = logits[i][c] * factor;
                }

                loss += w * SoftmaxLoss(z, labels[i], residual);
                var slope = 0.0;
                for (var c = 0; c < classes; c++)
                {
                    slope += residual[c] * z[c];
                }

                gradient[0] += w * slope;
                gradient[1] += w * slope * covariates[i];
            }

            return loss;
        }

        var solution = Lbfgs.Minimize(Objective, [0, 0], 200);
        var fitted = Math.Clamp(solution[1], -LengthScale.MaxSlope, LengthScale.MaxSlope);
        if (fitted != solution[1])
        {
            // At the bound: the temperature is fitted again for the clamped slope.
            var scaled = logits.Select((row, i) => Scale(row, Math.Exp(fitted * covariates[i]))).ToArray();
            return (fitted, FitTemperature(scaled, labels, weights));
        }

        return (fitted, Math.Exp(-solution[0]));
    }

    /// <summary>A copy of <paramref name="logits"/> multiplied by <paramref name="factor"/>.</summary>
    public static double[] Scale(double[] logits, double factor) => [.. logits.Select(x => x * factor)];

    /// <summary>
    /// One additive shift per category (centred to sum 0) minimising the weighted mean log-loss of softmax(logits + shift)
    /// plus <c>regularization / 2 · |shift|²</c>: the supervised form of a move to another category mix — which categories
    /// these texts hold more or less of than the scores expect.
    /// </summary>
    public static double[] FitBiasShift(double[][] logits, int[] labels, double regularization, double[]? weights = null)
    {
        var classes = logits[0].Length;
        var total = weights?.Sum() ?? logits.Length;
        var z = new double[classes];
        var residual = new double[classes];
        double Objective(double[] shift, double[] gradient)
        {
            Array.Clear(gradient);
            var loss = 0.0;
            for (var i = 0; i < logits.Length; i++)
            {
                var w = (weights?[i] ?? 1) / total;
                for (var c = 0; c < classes; c++)
                {
                    z[c] = logits[i][c] + shift[c];
                }

                loss += w * SoftmaxLoss(z, labels[i], residual);
                for (var c = 0; c < classes; c++)
                {
                    gradient[c] += w * residual[c];
                }
            }

            for (var c = 0; c < classes; c++)
            {
                loss += 0.5 * regularization * shift[c] * shift[c];
                gradient[c] += regularization * shift[c];
            }

            return loss;
        }

        var solution = Lbfgs.Minimize(Objective, new double[classes], 200);
        var mean = solution.Average();
        return [.. solution.Select(x => x - mean)];
    }

    /// <summary>
    /// The softmax cross-entropy of scores <paramref name="z"/> for the right class <paramref name="label"/>, in log space;
    /// writes its gradient with respect to each score (probability − 1 for the right class, probability otherwise) into
    /// <paramref name="residual"/>.
    /// </summary>
    public static double SoftmaxLoss(double[] z, int label, double[] residual)
    {
        var max = z.Max();
        var sum = 0.0;
        for (var c = 0; c < z.Length; c++)
        {
            sum += Math.Exp(z[c] - max);
        }

        for (var c = 0; c < z.Length; c++)
        {
            residual[c] = (Math.Exp(z[c] - max) / sum) - (c == label ? 1 : 0);
        }

        return max + Math.Log(sum) - z[label];
    }

    /// <summary>Mean negative log-likelihood, computed in log space so confident mistakes are not clipped.</summary>
    public static double LogLoss(double[][] logits, int[] labels, double temperature, double[]? weights = null)
    {
        var total = 0.0;
        var totalWeight = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            var weight = weights?[i] ?? 1;
            totalWeight += weight;
            var z = logits[i];
            var max = z.Max() / temperature;
            var sum = 0.0;
            foreach (var value in z)
            {
                sum += Math.Exp((value / temperature) - max);
            }

            total += weight * (max + Math.Log(sum) - (z[labels[i]] / temperature));
        }

        return total / totalWeight;
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
    /// <param name="weights">How much each text counts (null: one each).</param>
    public static double ReviewThreshold(double[][] probabilities, int[] labels, double targetPrecision, double[]? weights = null)
    {
        var items = probabilities
            .Select((p, i) => (Confidence: p.Max(), Correct: ArgMax(p) == labels[i], Weight: weights?[i] ?? 1))
            .OrderByDescending(x => x.Confidence)
            .ToArray();
        var threshold = 0.95;
        var (correct, seen) = (0.0, 0.0);
        for (var i = 0; i < items.Length; i++)
        {
            seen += items[i].Weight;
            if (items[i].Correct)
            {
                correct += items[i].Weight;
            }

            if (correct / seen >= targetPrecision)
            {
                threshold = items[i].Confidence;
            }
        }

        return Math.Clamp(threshold, 0.3, 0.95);
    }

    /// <summary>
    /// The probability threshold with the best F1, kept away from the extremes a small sample favours. With
    /// <paramref name="weights"/> each text counts by its weight (true positives, predicted and actual positives are
    /// weighted sums), as when reviewed texts and the training texts' out-of-fold scores are fitted together.
    /// </summary>
    public static (double Threshold, double F1) BestF1Threshold(double[] probabilities, int[] labels, double[]? weights = null)
    {
        var order = Enumerable.Range(0, probabilities.Length).OrderByDescending(i => probabilities[i]).ToArray();
        double Weight(int i) => weights?[i] ?? 1;
        var positives = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 1).Sum(Weight);
        double bestF1 = 0, bestThreshold = 0.5;
        double truePositives = 0, predicted = 0;
        for (var n = 0; n < order.Length; n++)
        {
            truePositives += labels[order[n]] * Weight(order[n]);
            predicted += Weight(order[n]);
            var f1 = 2.0 * truePositives / (predicted + positives);
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

    /// <summary>
    /// The median of <see cref="BestF1Threshold"/> over <paramref name="resamples"/> bootstrap resamples of the texts (drawn
    /// with <paramref name="random"/>), with the F1 that threshold gives on all of them: a threshold that does not hang on
    /// which few texts happen to sit near the boundary (twenty-ninth session, BT). Clamped as <see cref="BestF1Threshold"/> is.
    /// </summary>
    public static (double Threshold, double F1) BaggedF1Threshold(double[] probabilities, int[] labels, int resamples, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var n = probabilities.Length;
        var thresholds = new double[resamples];
        var (p, y) = (new double[n], new int[n]);
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < n; i++)
            {
                var j = random.Next(n);
                (p[i], y[i]) = (probabilities[j], labels[j]);
            }

            thresholds[b] = BestF1Threshold(p, y).Threshold;
        }

        Array.Sort(thresholds);
        var threshold = resamples % 2 == 1 ? thresholds[resamples / 2] : (thresholds[(resamples / 2) - 1] + thresholds[resamples / 2]) / 2;
        return (threshold, F1At(probabilities, labels, threshold));
    }

    /// <summary>F1 of "probability at or above <paramref name="threshold"/>" against <paramref name="labels"/>.</summary>
    public static double F1At(double[] probabilities, int[] labels, double threshold)
    {
        int truePositives = 0, predicted = 0, positives = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var fired = probabilities[i] >= threshold;
            predicted += fired ? 1 : 0;
            positives += labels[i];
            truePositives += fired && labels[i] == 1 ? 1 : 0;
        }

        return predicted + positives == 0 ? 0 : 2.0 * truePositives / (predicted + positives);
    }

    /// <summary>
    /// Isotonic regression (pool-adjacent-violators) of "the top answer was right" on its confidence:
    /// a monotone map that corrects what one temperature cannot — a model both over-confident at the top
    /// and under-confident in the middle. Returned as the knots of a piecewise-linear map.
    /// </summary>
    public static (double[] X, double[] Y) Isotonic(double[] confidence, bool[] correct, double[]? weights = null)
    {
        var order = Enumerable.Range(0, confidence.Length).OrderBy(i => confidence[i]).ToArray();
        var blocks = new List<(double X, double Y, double Weight)>();
        foreach (var i in order)
        {
            blocks.Add((confidence[i], correct[i] ? 1 : 0, weights?[i] ?? 1));
            while (blocks.Count > 1 && blocks[^2].Y >= blocks[^1].Y)
            {
                var (a, b) = (blocks[^2], blocks[^1]);
                var w = a.Weight + b.Weight;
                blocks.RemoveAt(blocks.Count - 1);
                blocks[^1] = (((a.X * a.Weight) + (b.X * b.Weight)) / w, ((a.Y * a.Weight) + (b.Y * b.Weight)) / w, w);
            }
        }

        return ([.. blocks.Select(b => b.X)], [.. blocks.Select(b => b.Y)]);
    }

    /// <summary>
    /// Applies the isotonic map to the top class and shares the rest among the others in their old
    /// proportions, so the distribution still sums to one.
    /// </summary>
    public static double[] Recalibrate(double[] probabilities, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var result = (double[])probabilities.Clone();
        RecalibrateInPlace(result, x, y);
        return result;
    }

    public static void RecalibrateInPlace(Span<double> probabilities, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count == 0)
        {
            return;
        }

        var best = 0;
        for (var k = 1; k < probabilities.Length; k++)
        {
            if (probabilities[k] > probabilities[best])
            {
                best = k;
            }
        }

        var top = probabilities[best];
        var calibrated = Math.Clamp(Interpolate(x, y, top), 1.0 / probabilities.Length, 1);
        var scale = top < 1 ? (1 - calibrated) / (1 - top) : 0;
        for (var k = 0; k < probabilities.Length; k++)
        {
            probabilities[k] = k == best ? calibrated : Math.Min(probabilities[k] * scale, calibrated);
        }
    }

    /// <summary>Evaluates the piecewise-linear map through the knots (flat beyond the ends).</summary>
    public static double Interpolate(IReadOnlyList<double> x, IReadOnlyList<double> y, double value)
    {
        if (x.Count == 0)
        {
            return value;
        }

        if (value <= x[0])
        {
            return y[0];
        }

        if (value >= x[^1])
        {
            return y[^1];
        }

        var hi = 1;
        while (x[hi] < value)
        {
            hi++;
        }

        var t = (value - x[hi - 1]) / (x[hi] - x[hi - 1]);
        return y[hi - 1] + (t * (y[hi] - y[hi - 1]));
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
