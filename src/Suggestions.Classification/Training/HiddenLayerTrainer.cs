using System.Numerics;
using Suggestions.Classification.Model;

namespace Suggestions.Classification.Training;

/// <summary>
/// Fits the category model's hidden layer (<see cref="HiddenLayer"/>, <see cref="TrainingOptions.HiddenUnits"/>): one layer of
/// rectified units, soft labels as the logistic part has them (<see cref="TrainingOptions.AlsoShare"/>), one text at a time
/// in a seeded order, Adagrad steps on the rows a text touches only, dropout on the units (and, when asked, on the text's
/// n-grams). Deterministic for given rows and seed.
/// </summary>
internal sealed class HiddenLayerTrainer
{
    private readonly float[] _w1;
    private readonly float[] _b1;
    private readonly float[] _w2;
    private readonly float[] _b2;
    private readonly bool[] _seen;
    private readonly int _units;
    private readonly int _classes;
    private readonly int _ngramInputs;
    private readonly int _lexiconOffset;
    private readonly int _groups;
    private readonly bool _maxPool;
    private readonly bool _topTwo;
    private readonly bool _minPool;

    private HiddenLayerTrainer(int units, int classes, int ngramInputs, int lexiconOffset, int groups, bool maxPool, bool topTwo, bool minPool, int seed)
    {
        (_units, _classes, _ngramInputs, _lexiconOffset, _groups, _maxPool, _topTwo, _minPool) = (units, classes, ngramInputs, lexiconOffset, groups, maxPool, topTwo, minPool);
        var rows = ngramInputs + groups;
        var random = new Random(seed);
        _w1 = new float[rows * units];
        for (var i = 0; i < _w1.Length; i++)
        {
            _w1[i] = (float)((random.NextDouble() - 0.5) * 0.2);
        }

        _b1 = new float[units];
        _w2 = new float[units * classes];
        var scale = Math.Sqrt(2.0 / units);
        for (var i = 0; i < _w2.Length; i++)
        {
            _w2[i] = (float)((random.NextDouble() - 0.5) * 2 * scale);
        }

        _b2 = new float[classes];
        _seen = new bool[rows];
    }

    /// <summary>The layer's input row of feature <paramref name="feature"/>, or −1 when it does not feed the layer.</summary>
    private int InputRow(int feature) =>
        feature < _ngramInputs ? feature
        : feature >= _lexiconOffset && feature < _lexiconOffset + _groups ? _ngramInputs + (feature - _lexiconOffset)
        : -1;

    /// <summary>Fits a layer on the given rows of the category features.</summary>
    /// <param name="lexiconOffset">The first lexicon-group feature (the n-grams come before it).</param>
    /// <param name="unitCount">The layer's units; <see cref="TrainingOptions.HiddenUnits"/> when not given.</param>
    /// <param name="stepSize">The Adagrad step size; <see cref="TrainingOptions.HiddenRate"/> when not given.</param>
    /// <param name="pool">
    /// What each unit gets besides its sum (<see cref="TrainingOptions.HiddenPool"/>): nothing (<see cref="TrainingOptions.SumPool"/>),
    /// the largest value its n-gram rows take over the text's n-grams (<see cref="TrainingOptions.SumMaxPool"/>), the mean of
    /// the two largest (<see cref="TrainingOptions.SumTopTwoPool"/>), or the largest and the smallest
    /// (<see cref="TrainingOptions.SumMaxMinPool"/>).
    /// </param>
    /// <param name="inputDropout">
    /// The chance that each of a text's n-grams is left out of one training pass over it (<see cref="TrainingOptions.HiddenInputDropout"/>):
    /// the rest are rescaled to the n-grams' norm, as a shorter text's would be; lexicon groups are always read. 0: none, and
    /// the layer is the one fitted before the option existed.
    /// </param>
    /// <param name="offsets">
    /// Per row of <paramref name="data"/>, scores added to the layer's output before the softmax while it is fitted
    /// (<see cref="TrainingOptions.HiddenResidual"/>): the layer learns what they leave out. Null (or a null row): none.
    /// </param>
    /// <param name="labelSmoothing">
    /// e of <see cref="TrainingOptions.HiddenLabelSmoothing"/>: each target is (1 − e) × its own + e / classes. 0: none.
    /// </param>
    public static HiddenLayerTrainer Fit(SparseRows data, IReadOnlyList<int> rows, int classes, int lexiconOffset, int groups, TrainingOptions options, int? unitCount = null, double? stepSize = null, string pool = TrainingOptions.SumPool, double inputDropout = 0, IReadOnlyList<double[]?>? offsets = null, double labelSmoothing = 0)
    {
        var (maxPool, topTwo, minPool) = (pool != TrainingOptions.SumPool, pool == TrainingOptions.SumTopTwoPool, pool == TrainingOptions.SumMaxMinPool);
        var units = unitCount ?? options.HiddenUnits;
        var dropout = options.HiddenDropout;
        var rate = stepSize ?? options.HiddenRate;
        var m = new HiddenLayerTrainer(units, classes, Math.Min(options.HiddenNgrams, lexiconOffset), lexiconOffset, groups, maxPool, topTwo, minPool, options.Seed ^ 0x4d1);
        var (starts, indices, values) = data.Arrays();
        var g1 = new float[m._w1.Length];
        var gb1 = new float[units];
        var g2 = new float[m._w2.Length];
        var gb2 = new float[classes];
        var h = new double[units];
        var argMax = new int[units];
        var argSecond = new int[units];
        var argMin = new int[units];
        var active = new bool[units];
        var dz = new double[classes];
        var z = new double[classes];
        var dh = new double[units];
        var random = new Random(options.Seed ^ 0x7a3);
        var order = rows.Where(r => data.Weights[r] > 0).ToArray();

        // The n-gram dropout has its own random stream, so that without it the unit dropout draws what it drew before.
        var dropRandom = new Random(options.Seed ^ 0x5e1);
        var entries = order.Length == 0 ? 0 : order.Max(r => starts[r + 1] - starts[r]);
        var input = inputDropout > 0 ? new float[entries] : null;
        foreach (var r in order)
        {
            for (var j = starts[r]; j < starts[r + 1]; j++)
            {
                if (m.InputRow(indices[j]) is var row and >= 0)
                {
                    m._seen[row] = true;
                }
            }
        }

        // Polyak–Ruppert averaging (TrainingOptions.HiddenAverageFrom): the running sum of the end-of-epoch weights.
        var averageFrom = options.HiddenAverageFrom > 0 ? options.HiddenAverageFrom - 1 : int.MaxValue;
        float[][] parameters = [m._w1, m._b1, m._w2, m._b2];
        var sums = averageFrom < options.HiddenEpochs ? parameters.Select(x => new double[x.Length]).ToArray() : null;
        for (var epoch = 0; epoch < options.HiddenEpochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var r in order)
            {
                if (input is not null)
                {
                    DropInputs(data, r, lexiconOffset, inputDropout, dropRandom, input);
                }

                m.SumInputs(data, r, input, h, argMax, argSecond, argMin);
                for (var u = 0; u < units; u++)
                {
                    h[u] += m._b1[u];
                    active[u] = h[u] > 0 && random.NextDouble() >= dropout;
                    h[u] = active[u] ? h[u] / (1 - dropout) : 0;
                }

                for (var c = 0; c < classes; c++)
                {
                    z[c] = m._b2[c];
                    for (var u = 0; u < units; u++)
                    {
                        z[c] += h[u] * m._w2[(u * classes) + c];
                    }
                }

                if (offsets?[r] is { } scores)
                {
                    for (var c = 0; c < classes; c++)
                    {
                        z[c] += scores[c];
                    }
                }

                Targets(data, r, options.AlsoShare, z, dz, labelSmoothing);
                Array.Clear(dh);
                for (var u = 0; u < units; u++)
                {
                    if (!active[u])
                    {
                        continue;
                    }

                    for (var c = 0; c < classes; c++)
                    {
                        var i = (u * classes) + c;
                        dh[u] += dz[c] * m._w2[i];
                        Step(m._w2, g2, i, dz[c] * h[u], rate);
                    }

                    dh[u] /= 1 - dropout;
                }

                for (var c = 0; c < classes; c++)
                {
                    Step(m._b2, gb2, c, dz[c], rate);
                }

                for (var u = 0; u < units; u++)
                {
                    if (dh[u] != 0)
                    {
                        Step(m._b1, gb1, u, dh[u], rate);
                    }
                }

                for (var j = starts[r]; j < starts[r + 1]; j++)
                {
                    var row = m.InputRow(indices[j]);
                    if (row < 0)
                    {
                        continue;
                    }

                    // A dropped n-gram was not read: no gradient. With max pooling, the row that held a unit's largest value
                    // gets that term's gradient too (one step per weight, so Adagrad sees one gradient).
                    var value = input is null ? values[j] : input[j - starts[r]];
                    if (input is not null && value == 0)
                    {
                        continue;
                    }

                    var offset = row * units;
                    for (var u = 0; u < units; u++)
                    {
                        if (dh[u] != 0)
                        {
                            // The pooled term's share of this row: all of it for the largest alone, half each for the two
                            // largest. Added in float, as the value is (the models trained before T2 existed come out the same).
                            var x = value;
                            if (m._maxPool)
                            {
                                var half = m._topTwo && argSecond[u] >= 0;
                                x += argMax[u] == row ? (half ? 0.5f : 1f) : half && argSecond[u] == row ? 0.5f : 0f;
                            }

                            if (m._minPool && argMin[u] == row)
                            {
                                x += 1f;
                            }

                            Step(m._w1, g1, offset + u, dh[u] * x, rate);
                        }
                    }
                }
            }

            if (sums is not null && epoch >= averageFrom)
            {
                for (var q = 0; q < parameters.Length; q++)
                {
                    for (var i = 0; i < parameters[q].Length; i++)
                    {
                        sums[q][i] += parameters[q][i];
                    }
                }
            }
        }

        if (sums is not null)
        {
            var snapshots = options.HiddenEpochs - averageFrom;
            for (var q = 0; q < parameters.Length; q++)
            {
                for (var i = 0; i < parameters[q].Length; i++)
                {
                    parameters[q][i] = (float)(sums[q][i] / snapshots);
                }
            }
        }

        // A row no training text touched keeps its random start: it must not speak at run time.
        for (var row = 0; row < m._seen.Length; row++)
        {
            if (!m._seen[row])
            {
                Array.Clear(m._w1, row * units, units);
            }
        }

        return m;
    }

    /// <summary>
    /// The values row <paramref name="r"/>'s entries take in one training pass with n-gram dropout, into <paramref name="input"/>
    /// (0: dropped): each n-gram kept with chance 1 − <paramref name="dropout"/>, the kept ones scaled so that the n-grams'
    /// squared norm is what it was; all kept when none would be; other features (from <paramref name="lexiconOffset"/> on) as
    /// they are.
    /// </summary>
    internal static void DropInputs(SparseRows data, int r, int lexiconOffset, double dropout, Random random, float[] input)
    {
        var (starts, indices, values) = data.Arrays();
        var (all, kept) = (0.0, 0.0);
        for (var j = starts[r]; j < starts[r + 1]; j++)
        {
            var v = values[j];
            var ngram = indices[j] < lexiconOffset;
            var keep = !ngram || random.NextDouble() >= dropout;
            input[j - starts[r]] = keep ? v : 0;
            all += ngram ? (double)v * v : 0;
            kept += ngram && keep ? (double)v * v : 0;
        }

        var scale = kept > 0 ? (float)Math.Sqrt(all / kept) : 1f;
        for (var j = starts[r]; j < starts[r + 1]; j++)
        {
            input[j - starts[r]] = indices[j] >= lexiconOffset ? values[j] : kept > 0 ? input[j - starts[r]] * scale : values[j];
        }
    }

    /// <summary>
    /// The units' inputs for row <paramref name="r"/> (before bias and rectification) into <paramref name="h"/>: the weighted
    /// sum of its rows, and with max pooling each unit's largest n-gram row value too, whose row goes to <paramref name="argMax"/>
    /// (−1: the text has no n-gram the layer reads), and with min pooling its smallest, whose row goes to <paramref name="argMin"/>.
    /// <paramref name="input"/>: the entries' values in this pass (n-gram
    /// dropout; a 0 is not read, by the max either), or null for the row's own.
    /// </summary>
    private void SumInputs(SparseRows data, int r, float[]? input, double[] h, int[] argMax, int[] argSecond, int[] argMin)
    {
        var (starts, indices, values) = data.Arrays();
        Array.Clear(h);
        Array.Fill(argMax, -1);
        Array.Fill(argSecond, -1);
        Array.Fill(argMin, -1);
        for (var j = starts[r]; j < starts[r + 1]; j++)
        {
            var row = InputRow(indices[j]);
            var value = input is null ? values[j] : input[j - starts[r]];
            if (row < 0 || (input is not null && value == 0))
            {
                continue;
            }

            var offset = row * _units;
            for (var u = 0; u < _units; u++)
            {
                h[u] += value * _w1[offset + u];
            }

            if (_maxPool && row < _ngramInputs)
            {
                for (var u = 0; u < _units; u++)
                {
                    var w = _w1[offset + u];
                    if (argMax[u] < 0 || w > _w1[(argMax[u] * _units) + u])
                    {
                        (argSecond[u], argMax[u]) = (argMax[u], row);
                    }
                    else if (argSecond[u] < 0 || w > _w1[(argSecond[u] * _units) + u])
                    {
                        argSecond[u] = row;
                    }
                }
            }

            if (_minPool && row < _ngramInputs)
            {
                for (var u = 0; u < _units; u++)
                {
                    if (argMin[u] < 0 || _w1[offset + u] < _w1[(argMin[u] * _units) + u])
                    {
                        argMin[u] = row;
                    }
                }
            }
        }

        if (_maxPool)
        {
            for (var u = 0; u < _units; u++)
            {
                h[u] += argMax[u] < 0 ? 0
                    : _topTwo && argSecond[u] >= 0 ? 0.5 * (_w1[(argMax[u] * _units) + u] + _w1[(argSecond[u] * _units) + u])
                    : _w1[(argMax[u] * _units) + u];
            }
        }

        if (_minPool)
        {
            for (var u = 0; u < _units; u++)
            {
                h[u] += argMin[u] < 0 ? 0 : _w1[(argMin[u] * _units) + u];
            }
        }
    }

    /// <summary>Softmax of <paramref name="z"/> (in place) and the weighted gradient of the soft-label log-loss into <paramref name="dz"/>.</summary>
    private static void Targets(SparseRows data, int r, double alsoShare, double[] z, double[] dz, double smoothing = 0)
    {
        var max = z.Max();
        var sum = 0.0;
        for (var c = 0; c < z.Length; c++)
        {
            z[c] = Math.Exp(z[c] - max);
            sum += z[c];
        }

        var label = data.Labels[r];
        var also = data.Also[r];
        var alsoCount = alsoShare > 0 ? BitOperations.PopCount((uint)also) : 0;
        var main = alsoCount > 0 ? 1 - alsoShare : 1;
        var each = alsoCount > 0 ? alsoShare / alsoCount : 0;
        for (var c = 0; c < z.Length; c++)
        {
            var target = c == label ? main : (also & (1 << c)) != 0 ? each : 0;
            if (smoothing > 0)
            {
                target = ((1 - smoothing) * target) + (smoothing / z.Length);
            }

            dz[c] = data.Weights[r] * ((z[c] / sum) - target);
        }
    }

    private static void Step(float[] weights, float[] squares, int i, double gradient, double rate)
    {
        squares[i] += (float)(gradient * gradient);
        weights[i] -= (float)(rate * gradient / Math.Sqrt(squares[i] + 1e-8));
    }

    /// <summary>The layer's contribution to the category scores of one row (no dropout).</summary>
    public double[] Logits(SparseRows data, int r)
    {
        var h = new double[_units];
        SumInputs(data, r, null, h, new int[_units], new int[_units], new int[_units]);
        var z = new double[_classes];
        Array.Copy(_b2.Select(x => (double)x).ToArray(), z, _classes);
        for (var u = 0; u < _units; u++)
        {
            var a = h[u] + _b1[u];
            if (a > 0)
            {
                for (var c = 0; c < _classes; c++)
                {
                    z[c] += a * _w2[(u * _classes) + c];
                }
            }
        }

        return z;
    }

    /// <summary>
    /// The layer as the classifier runs it: the part weight folded into the output, the lexicon scale into the group rows
    /// (the trainer saw group values scaled; the classifier computes them unscaled).
    /// </summary>
    public HiddenLayer ToModel(double partWeight, double lexiconScale)
    {
        var w1 = (float[])_w1.Clone();
        for (var i = _ngramInputs * _units; i < w1.Length; i++)
        {
            w1[i] = (float)(w1[i] * lexiconScale);
        }

        return new HiddenLayer(
            _units, _ngramInputs, _groups, _classes, w1, (float[])_b1.Clone(),
            [.. _w2.Select(w => (float)(w * partWeight))], [.. _b2.Select(b => (float)(b * partWeight))]);
    }
}
