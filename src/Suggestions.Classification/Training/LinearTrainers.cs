namespace Suggestions.Classification.Training;

/// <summary>Sparse rows (CSR) with a class label and a weight per row.</summary>
internal sealed class SparseRows
{
    private readonly List<int> _starts = [0];
    private readonly List<int> _indices = [];
    private readonly List<float> _values = [];
    private readonly List<int> _labels = [];
    private readonly List<float> _weights = [];
    private readonly List<int> _also = [];
    private int[]? _startArray;
    private int[]? _indexArray;
    private float[]? _valueArray;

    public int Count => _labels.Count;

    public IReadOnlyList<int> Labels => _labels;

    public IReadOnlyList<float> Weights => _weights;

    /// <summary>Per row, a bit mask of other classes a reviewer would also accept (0: none).</summary>
    public IReadOnlyList<int> Also => _also;

    public void Add(IEnumerable<(int Index, float Value)> features, int label, float weight, int also = 0)
    {
        foreach (var (index, value) in features)
        {
            if (value != 0)
            {
                _indices.Add(index);
                _values.Add(value);
            }
        }

        _starts.Add(_indices.Count);
        _labels.Add(label);
        _weights.Add(weight);
        _also.Add(also);
        _startArray = null;
    }

    public (int[] Starts, int[] Indices, float[] Values) Arrays()
    {
        // Built once, before the parallel folds read it; the lock makes a late first call safe too.
        lock (_starts)
        {
            if (_startArray is null)
            {
                _indexArray = [.. _indices];
                _valueArray = [.. _values];
                _startArray = [.. _starts];
            }

            return (_startArray, _indexArray!, _valueArray!);
        }
    }
}

/// <summary>A trained linear model: weights[feature * classes + class] and a bias per class.</summary>
internal sealed record LinearWeights(float[] Weights, float[] Bias, int Classes)
{
    public double[] Logits(SparseRows rows, int row)
    {
        var (starts, indices, values) = rows.Arrays();
        var z = new double[Classes];
        for (var k = 0; k < Classes; k++)
        {
            z[k] = Bias[k];
        }

        for (var j = starts[row]; j < starts[row + 1]; j++)
        {
            var offset = indices[j] * Classes;
            for (var k = 0; k < Classes; k++)
            {
                z[k] += values[j] * Weights[offset + k];
            }
        }

        return z;
    }
}

/// <summary>Multinomial logistic regression (softmax), weighted mean log-loss + L2 on the weights.</summary>
internal static class SoftmaxRegression
{
    /// <summary>
    /// Fits the model. With <paramref name="scale"/> (one factor per weight, <c>feature * classes + class</c>) each weight is
    /// <c>scale × u</c> and the L2 penalty falls on u: a weight with a large factor is regularised less (NBSVM-style when the
    /// factors come from naive Bayes, <see cref="NaiveBayesScale"/>). The returned weights are the products, so the model is
    /// still one linear map.
    /// </summary>
    public static LinearWeights Train(SparseRows data, IReadOnlyList<int> rows, int classes, int features, double l2, int maxIterations, double alsoShare = 0, float[]? scale = null)
    {
        var (starts, indices, values) = data.Arrays();
        var totalWeight = rows.Sum(r => (double)data.Weights[r]);
        var biasOffset = features * classes;
        var z = new double[classes];

        double Objective(double[] x, double[] gradient)
        {
            Array.Clear(gradient);
            var loss = 0.0;
            foreach (var r in rows)
            {
                for (var k = 0; k < classes; k++)
                {
                    z[k] = x[biasOffset + k];
                }

                for (var j = starts[r]; j < starts[r + 1]; j++)
                {
                    var offset = indices[j] * classes;
                    var v = values[j];
                    for (var k = 0; k < classes; k++)
                    {
                        z[k] += v * x[offset + k] * (scale?[offset + k] ?? 1f);
                    }
                }

                var max = z.Max();
                var sum = 0.0;
                for (var k = 0; k < classes; k++)
                {
                    z[k] = Math.Exp(z[k] - max);
                    sum += z[k];
                }

                var label = data.Labels[r];
                var w = data.Weights[r] / totalWeight;
                var also = data.Also[r];
                var alsoCount = alsoShare > 0 ? System.Numerics.BitOperations.PopCount((uint)also) : 0;
                var main = alsoCount > 0 ? 1 - alsoShare : 1;
                var each = alsoCount > 0 ? alsoShare / alsoCount : 0;
                for (var k = 0; k < classes; k++)
                {
                    var target = k == label ? main : (also & (1 << k)) != 0 ? each : 0;
                    if (target > 0)
                    {
                        loss -= w * target * Math.Log(Math.Max(z[k] / sum, 1e-300));
                    }

                    z[k] = w * ((z[k] / sum) - target);
                    gradient[biasOffset + k] += z[k];
                }

                for (var j = starts[r]; j < starts[r + 1]; j++)
                {
                    var offset = indices[j] * classes;
                    var v = values[j];
                    for (var k = 0; k < classes; k++)
                    {
                        gradient[offset + k] += v * z[k] * (scale?[offset + k] ?? 1f);
                    }
                }
            }

            for (var i = 0; i < biasOffset; i++)
            {
                loss += 0.5 * l2 * x[i] * x[i];
                gradient[i] += l2 * x[i];
            }

            return loss;
        }

        var solution = Lbfgs.Minimize(Objective, new double[biasOffset + classes], maxIterations);
        return new LinearWeights(
            [.. solution.Take(biasOffset).Select((v, i) => (float)(v * (scale?[i] ?? 1f)))],
            [.. solution.Skip(biasOffset).Select(v => (float)v)],
            classes);
    }

    /// <summary>
    /// The factors of <see cref="Train"/>'s <c>scale</c> from a naive Bayes model's centred weights r (thirtieth session,
    /// NV): <c>max(|r| / m, floor)</c>, m the mean |r| over the features <paramref name="rows"/> touch (every class), so the
    /// factors average about 1 there and λ keeps its meaning.
    /// </summary>
    public static float[] NaiveBayesScale(LinearWeights bayes, SparseRows data, IReadOnlyList<int> rows, double floor)
    {
        var (starts, indices, _) = data.Arrays();
        var classes = bayes.Classes;
        var touched = new bool[bayes.Weights.Length / classes];
        foreach (var r in rows)
        {
            for (var j = starts[r]; j < starts[r + 1]; j++)
            {
                touched[indices[j]] = true;
            }
        }

        var (sum, count) = (0.0, 0);
        for (var f = 0; f < touched.Length; f++)
        {
            if (touched[f])
            {
                for (var k = 0; k < classes; k++)
                {
                    sum += Math.Abs(bayes.Weights[(f * classes) + k]);
                }

                count += classes;
            }
        }

        var mean = count > 0 && sum > 0 ? sum / count : 1;
        return [.. bayes.Weights.Select(w => (float)Math.Max(Math.Abs(w) / mean, floor))];
    }
}

/// <summary>
/// Multinomial naive Bayes on the same (tf-idf, lexicon, structure) values: the classic fast baseline
/// for short texts. Weights are centred per feature so that, as with the logistic model, a weight says
/// how much a feature favours a class relative to the others (used for the reasons).
/// </summary>
internal static class NaiveBayes
{
    public static LinearWeights Train(SparseRows data, IReadOnlyList<int> rows, int classes, int features, double alpha, double alsoShare = 0)
    {
        var (sums, totals, priors) = Accumulate(data, rows, classes, features, alsoShare);
        var weights = new float[features * classes];
        for (var f = 0; f < features; f++)
        {
            var mean = 0.0;
            for (var k = 0; k < classes; k++)
            {
                mean += Math.Log((sums[(f * classes) + k] + alpha) / (totals[k] + (alpha * features)));
            }

            mean /= classes;
            for (var k = 0; k < classes; k++)
            {
                weights[(f * classes) + k] = (float)(Math.Log((sums[(f * classes) + k] + alpha) / (totals[k] + (alpha * features))) - mean);
            }
        }

        var priorTotal = priors.Sum();
        var bias = priors.Select(p => (float)Math.Log((p + 1) / (priorTotal + classes))).ToArray();
        return new LinearWeights(weights, bias, classes);
    }

    /// <summary>
    /// Complement naive Bayes (Rennie et al. 2003): each class is scored by how badly the *other*
    /// classes' word distribution explains the text. Each class's complement pools the texts of twelve
    /// classes, so its estimates are steadier than a class's own ~130 texts.
    /// </summary>
    public static LinearWeights TrainComplement(SparseRows data, IReadOnlyList<int> rows, int classes, int features, double alpha, double alsoShare = 0)
    {
        var (sums, totals, priors) = Accumulate(data, rows, classes, features, alsoShare);
        var (starts, indices, values) = data.Arrays();
        var featureTotals = new double[features];
        foreach (var r in rows)
        {
            for (var j = starts[r]; j < starts[r + 1]; j++)
            {
                featureTotals[indices[j]] += data.Weights[r] * values[j];
            }
        }

        var grand = totals.Sum();
        var weights = new float[features * classes];
        Span<double> w2 = stackalloc double[classes];
        for (var f = 0; f < features; f++)
        {
            var mean = 0.0;
            for (var k = 0; k < classes; k++)
            {
                var complement = featureTotals[f] - sums[(f * classes) + k];
                w2[k] = -Math.Log((complement + alpha) / (grand - totals[k] + (alpha * features)));
                mean += w2[k];
            }

            mean /= classes;
            for (var k = 0; k < classes; k++)
            {
                weights[(f * classes) + k] = (float)(w2[k] - mean);
            }
        }

        var priorTotal = priors.Sum();
        var bias = priors.Select(p => (float)Math.Log((p + 1) / (priorTotal + classes))).ToArray();
        return new LinearWeights(weights, bias, classes);
    }

    /// <summary>
    /// Weighted feature sums per class, their totals and the class priors. A text's <c>also</c> areas get
    /// <paramref name="alsoShare"/> of its weight between them (soft labels), its own area the rest.
    /// </summary>
    private static (double[] Sums, double[] Totals, double[] Priors) Accumulate(SparseRows data, IReadOnlyList<int> rows, int classes, int features, double alsoShare)
    {
        var (starts, indices, values) = data.Arrays();
        var sums = new double[features * classes];
        var totals = new double[classes];
        var priors = new double[classes];
        foreach (var r in rows)
        {
            var label = data.Labels[r];
            var also = data.Also[r];
            var alsoCount = alsoShare > 0 ? System.Numerics.BitOperations.PopCount((uint)also) : 0;
            for (var k = 0; k < classes; k++)
            {
                var share = k == label ? (alsoCount > 0 ? 1 - alsoShare : 1) : alsoCount > 0 && (also & (1 << k)) != 0 ? alsoShare / alsoCount : 0;
                if (share <= 0)
                {
                    continue;
                }

                var w = data.Weights[r] * share;
                priors[k] += w;
                for (var j = starts[r]; j < starts[r + 1]; j++)
                {
                    sums[(indices[j] * classes) + k] += w * values[j];
                    totals[k] += w * values[j];
                }
            }
        }

        return (sums, totals, priors);
    }
}
