namespace Suggestions.Classification.Model;

/// <summary>
/// The category model's third part (nineteenth session, <see cref="Training.TrainingOptions.HiddenUnits"/>): one layer of
/// rectified units over the text's most frequent n-grams and its lexicon groups, whose output is added to the category
/// scores. A linear model adds its evidence up word by word; this layer can weigh words together (for example, a wish word
/// could count for <c>other</c> only when no area word stands beside it). Its input rows are stored as 8-bit integers with a scale per
/// row, and read back into floats. The hints have a layer of the same form (twentieth session, <see cref="NgramModel.HintHidden"/>):
/// each hint's units side by side (<see cref="SideBySide"/>), one output per hint; there <see cref="Categories"/> counts the hints.
/// </summary>
internal sealed class HiddenLayer
{
    public HiddenLayer(int units, int ngramInputs, int groupInputs, int categories, float[] inputWeights, float[] inputBias, float[] outputWeights, float[] outputBias)
        : this(units, ngramInputs, groupInputs, categories, inputBias, outputWeights, outputBias)
    {
        if (inputWeights.Length != (ngramInputs + groupInputs) * units)
        {
            throw new InvalidDataException("The hidden layer's arrays do not match their declared sizes.");
        }

        _inputWeights = inputWeights;
    }

    private HiddenLayer(int units, int ngramInputs, int groupInputs, int categories, float[] inputBias, float[] outputWeights, float[] outputBias)
    {
        if (units <= 0 || ngramInputs < 0 || groupInputs < 0
            || inputBias.Length != units || outputWeights.Length != units * categories || outputBias.Length != categories)
        {
            throw new InvalidDataException("The hidden layer's arrays do not match their declared sizes.");
        }

        (Units, NgramInputs, GroupInputs, Categories) = (units, ngramInputs, groupInputs, categories);
        (InputBias, OutputWeights, OutputBias) = (inputBias, outputWeights, outputBias);
    }

    public int Units { get; }

    /// <summary>N-gram features 0 … NgramInputs − 1 (the vocabulary's most frequent) feed the layer; the others do not.</summary>
    public int NgramInputs { get; }

    /// <summary>Lexicon groups feeding the layer (all of them), after the n-gram rows.</summary>
    public int GroupInputs { get; }

    public int Categories { get; }

    /// <summary>
    /// [input row × units]: n-gram rows, then one row per lexicon group (the lexicon scale folded in). A layer read from
    /// its 8-bit form computes them only when asked: the classifier reads the 8-bit rows.
    /// </summary>
    public float[] InputWeights => _inputWeights ??= Dequantized(_quantized!, _scales!, Units);

    public float[] InputBias { get; }

    /// <summary>[unit × categories], the stacked part weight folded in.</summary>
    public float[] OutputWeights { get; }

    public float[] OutputBias { get; }

    /// <summary>Adds one input row, times <paramref name="value"/>, to the units' sums.</summary>
    public void AddRow(Span<double> units, int row, double value)
    {
        if (_quantized is { } quantized)
        {
            // The same sums as the float rows (RowMath), reading a cache line per row instead of four.
            Features.RowMath.AddScaledQuantized(units, quantized.AsSpan(row * Units, Units), _scales![row], value);
        }
        else
        {
            Features.RowMath.AddScaled(units, InputWeights.AsSpan(row * Units, Units), value);
        }
    }

    /// <summary>Rectifies the units' sums (after <see cref="InputBias"/>) and adds the layer's output to the scores.</summary>
    public void AddOutput(Span<double> units, Span<double> scores)
    {
        for (var c = 0; c < Categories; c++)
        {
            scores[c] += OutputBias[c];
        }

        for (var u = 0; u < Units; u++)
        {
            var a = units[u] + InputBias[u];
            if (a <= 0)
            {
                continue;
            }

            Features.RowMath.AddScaled(scores, OutputWeights.AsSpan(u * Categories, Categories), a);
        }
    }

    /// <summary>
    /// One layer holding the units of several two-class layers side by side (each over the same inputs), whose output
    /// <c>Output</c> is that layer's second class's score less its first: a hint's log-odds.
    /// </summary>
    public static HiddenLayer SideBySide(IReadOnlyList<(int Output, HiddenLayer Layer)> layers, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(layers.Count);
        var (ngramInputs, groupInputs) = (layers[0].Layer.NgramInputs, layers[0].Layer.GroupInputs);
        if (layers.Any(x => x.Layer.Categories != 2 || x.Layer.NgramInputs != ngramInputs || x.Layer.GroupInputs != groupInputs || x.Output < 0 || x.Output >= outputs))
        {
            throw new ArgumentException("Only two-class layers over the same inputs can stand side by side.", nameof(layers));
        }

        var units = layers.Sum(x => x.Layer.Units);
        var rows = ngramInputs + groupInputs;
        var inputWeights = new float[rows * units];
        var inputBias = new float[units];
        var outputWeights = new float[units * outputs];
        var outputBias = new float[outputs];
        var first = 0;
        foreach (var (output, layer) in layers)
        {
            var w = layer.InputWeights;
            for (var r = 0; r < rows; r++)
            {
                w.AsSpan(r * layer.Units, layer.Units).CopyTo(inputWeights.AsSpan((r * units) + first));
            }

            for (var u = 0; u < layer.Units; u++)
            {
                inputBias[first + u] = layer.InputBias[u];
                outputWeights[((first + u) * outputs) + output] = layer.OutputWeights[(u * 2) + 1] - layer.OutputWeights[u * 2];
            }

            outputBias[output] += layer.OutputBias[1] - layer.OutputBias[0];
            first += layer.Units;
        }

        return new HiddenLayer(units, ngramInputs, groupInputs, outputs, inputWeights, inputBias, outputWeights, outputBias);
    }

    /// <summary>The input rows as 8-bit integers and one scale per row (largest magnitude ÷ 127).</summary>
    public (float[] Scales, sbyte[] Values) Quantized()
    {
        if (_quantized is { } stored)
        {
            // A layer read from (or made into) its 8-bit form: those very bytes, not a second rounding of their floats.
            return (_scales!, stored);
        }

        var rows = NgramInputs + GroupInputs;
        var scales = new float[rows];
        var values = new sbyte[InputWeights.Length];
        for (var r = 0; r < rows; r++)
        {
            var row = InputWeights.AsSpan(r * Units, Units);
            var max = 0f;
            foreach (var w in row)
            {
                max = Math.Max(max, Math.Abs(w));
            }

            scales[r] = max / 127;
            for (var u = 0; u < Units; u++)
            {
                values[(r * Units) + u] = max == 0 ? (sbyte)0 : (sbyte)Math.Clamp(Math.Round(row[u] / scales[r]), -127, 127);
            }
        }

        return (scales, values);
    }

    /// <summary>This layer as its file holds it: the input rows in 8 bits (<see cref="Quantized"/>), read back as the classifier reads them.</summary>
    public HiddenLayer InEightBits()
    {
        var (scales, values) = Quantized();
        return FromQuantized(Units, NgramInputs, GroupInputs, Categories, scales, values, InputBias, OutputWeights, OutputBias);
    }

    /// <summary>The layer whose input rows are the given 8-bit values times their row's scale.</summary>
    public static HiddenLayer FromQuantized(int units, int ngramInputs, int groupInputs, int categories, float[] scales, sbyte[] values, float[] inputBias, float[] outputWeights, float[] outputBias)
    {
        if (scales.Length != ngramInputs + groupInputs || values.Length != scales.Length * units)
        {
            throw new InvalidDataException("The hidden layer's arrays do not match their declared sizes.");
        }

        return new HiddenLayer(units, ngramInputs, groupInputs, categories, inputBias, outputWeights, outputBias)
        {
            _quantized = values,
            _scales = scales,
        };
    }

    private static float[] Dequantized(sbyte[] values, float[] scales, int units)
    {
        var weights = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            weights[i] = values[i] * scales[i / units];
        }

        return weights;
    }

    // Set by FromQuantized: the rows as stored, read at run time instead of InputWeights (whose values they equal).
    private sbyte[]? _quantized;
    private float[]? _scales;

    // The rows as floats: given, or computed from the 8-bit form on first use.
    private float[]? _inputWeights;
}
