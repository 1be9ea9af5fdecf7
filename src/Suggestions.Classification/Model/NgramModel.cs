using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Suggestions.Classification.Features;

namespace Suggestions.Classification.Model;

/// <summary>
/// The trained arrays: vocabulary (n-gram hashes and their idf), and one weight row per feature with a
/// column per category followed by a column per hint. Features are ordered n-grams, lexicon groups,
/// structure features (<see cref="FeatureLayout"/>).
/// </summary>
internal sealed class NgramModel
{
    private static readonly byte[] Magic = "SGNGM\u0001\0\0"u8.ToArray();

    public NgramModel(ModelMetadata metadata, ulong[] vocabulary, float[] idf, float[] weights, float[] bias, HiddenLayer? hidden = null, HiddenLayer? hintHidden = null)
    {
        Hidden = hidden;
        HintHidden = hintHidden;
        Metadata = metadata;
        Vocabulary = vocabulary;
        Idf = idf;
        Weights = weights;
        Bias = bias;
        Lexicon = Training.ModelTrainer.LexiconIndexFor(metadata.Lexicon, metadata.LongestTermMatch);
        VocabularyIndex = new HashIndex(vocabulary);
        CategoryCount = metadata.Categories.Count;
        TitleWeight = (float)metadata.TitleWeight;
        LaterItemWeight = (float)metadata.LaterItemWeight;
        HintCount = metadata.Hints.Count;
        if (weights.Length != FeatureCount * Columns || bias.Length != Columns || idf.Length != vocabulary.Length)
        {
            throw new InvalidDataException("Model arrays do not match their declared sizes.");
        }

        var priorShift = metadata.PriorShift ?? [];
        if (priorShift.Count is not 0 && priorShift.Count != CategoryCount)
        {
            throw new InvalidDataException($"The model's prior shift has {priorShift.Count} values for {CategoryCount} categories.");
        }

        _records = new Lazy<FeatureRecords>(() => new FeatureRecords(this));
        PriorShift = priorShift.Count == 0 ? null : [.. priorShift.Select(x => (float)x)];
        RequireDeclared(hidden, metadata.HiddenUnits, metadata.HiddenNgramInputs, CategoryCount, "hidden layer");
        RequireDeclared(hintHidden, metadata.HintHiddenUnits, metadata.HintHiddenNgramInputs, HintCount, "hint layer");
        RequirePooling(metadata.HiddenPool, hidden);
        RequirePooling(metadata.HintHiddenPool, hintHidden);

        // A pooling is one this classifier knows, and only a model with that layer has one.
        static void RequirePooling(string? pool, HiddenLayer? layer)
        {
            if (pool is not (null or ModelMetadata.SumMaxPool or ModelMetadata.SumTopTwoPool or ModelMetadata.SumMaxMinPool) || (pool is not null && layer is null))
            {
                throw new InvalidDataException($"The model's hidden pooling '{pool}' is not one this classifier knows.");
            }
        }

        // A layer is there exactly when the metadata declares its units, over that many n-grams and every lexicon group.
        void RequireDeclared(HiddenLayer? layer, int units, int ngramInputs, int outputs, string name)
        {
            if ((layer?.Units ?? 0) != units
                || (layer is not null && (layer.NgramInputs != ngramInputs || layer.NgramInputs > vocabulary.Length
                    || layer.GroupInputs != metadata.Lexicon.Count || layer.Categories != outputs)))
            {
                throw new InvalidDataException($"The model's {name} does not match its metadata.");
            }
        }
    }

    /// <summary>The same arrays and layers with other metadata (a recalibration, a changed term list).</summary>
    public NgramModel With(ModelMetadata metadata) => new(metadata, Vocabulary, Idf, Weights, Bias, Hidden, HintHidden) { _records = _records };

    /// <summary>
    /// The n-gram features' idf, weight rows and layer rows laid out for classification (built on first use, once, and shared
    /// with every <see cref="With"/> of this model: training's intermediate models never need them).
    /// </summary>
    public FeatureRecords Records => _records.Value;

    /// <summary>The category model's hidden layer, or null when it has none (<see cref="ModelMetadata.HiddenUnits"/>).</summary>
    public HiddenLayer? Hidden { get; }

    /// <summary>
    /// The hints' hidden layer, or null when the model has none (<see cref="ModelMetadata.HintHiddenUnits"/>): one output per
    /// hint, added to the hint's score.
    /// </summary>
    public HiddenLayer? HintHidden { get; }

    public ModelMetadata Metadata { get; }

    private Lazy<FeatureRecords> _records;

    public ulong[] Vocabulary { get; }

    public float[] Idf { get; }

    public float[] Weights { get; }

    public float[] Bias { get; }

    public LexiconIndex Lexicon { get; }

    public HashIndex VocabularyIndex { get; }

    public int CategoryCount { get; }

    /// <summary>How many times an n-gram in the title counts.</summary>
    public float TitleWeight { get; }

    /// <summary>How much an n-gram after a list's second item marker counts.</summary>
    public float LaterItemWeight { get; }

    public int HintCount { get; }

    /// <summary><see cref="ModelMetadata.PriorShift"/> as added to the category scores, or null when the model has none.</summary>
    public float[]? PriorShift { get; }

    public int Columns => CategoryCount + HintCount;

    public int VocabularySize => Vocabulary.Length;

    public int LexiconOffset => Vocabulary.Length;

    public int StructureOffset => Vocabulary.Length + Metadata.Lexicon.Count;

    public int FeatureCount => StructureOffset + FeatureLayout.StructureCount;

    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Magic);
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip, Encoding.UTF8, leaveOpen: true);
        var json = JsonSerializer.SerializeToUtf8Bytes(Metadata, ModelJsonContext.Default.ModelMetadata);
        writer.Write(json.Length);
        writer.Write(json);
        WriteArray(writer, Vocabulary);
        WriteArray(writer, Idf);
        WriteArray(writer, Weights);
        WriteArray(writer, Bias);
        foreach (var layer in (ReadOnlySpan<HiddenLayer?>)[Hidden, HintHidden])
        {
            if (layer is not null)
            {
                var (scales, values) = layer.Quantized();
                WriteArray(writer, scales);
                WriteArray(writer, values);
                WriteArray(writer, layer.InputBias);
                WriteArray(writer, layer.OutputWeights);
                WriteArray(writer, layer.OutputBias);
            }
        }
    }

    public static NgramModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[Magic.Length];
        stream.ReadExactly(header);
        if (!header.SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a Suggestions n-gram model file (bad header).");
        }

        using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(gzip, Encoding.UTF8, leaveOpen: true);
        var json = reader.ReadBytes(reader.ReadInt32());
        var metadata = JsonSerializer.Deserialize(json, ModelJsonContext.Default.ModelMetadata)
            ?? throw new InvalidDataException("Model metadata is empty.");
        var vocabulary = ReadArray<ulong>(reader);
        var idf = ReadArray<float>(reader);
        var weights = ReadArray<float>(reader);
        var bias = ReadArray<float>(reader);
        var hidden = metadata.HiddenUnits > 0 ? ReadLayer(reader, metadata.HiddenUnits, metadata.HiddenNgramInputs, metadata.Lexicon.Count, metadata.Categories.Count) : null;
        var hintHidden = metadata.HintHiddenUnits > 0 ? ReadLayer(reader, metadata.HintHiddenUnits, metadata.HintHiddenNgramInputs, metadata.Lexicon.Count, metadata.Hints.Count) : null;
        return new NgramModel(metadata, vocabulary, idf, weights, bias, hidden, hintHidden);
    }

    private static HiddenLayer ReadLayer(BinaryReader reader, int units, int ngramInputs, int groupInputs, int outputs)
    {
        var scales = ReadArray<float>(reader);
        var values = ReadArray<sbyte>(reader);
        return HiddenLayer.FromQuantized(units, ngramInputs, groupInputs, outputs, scales, values, ReadArray<float>(reader), ReadArray<float>(reader), ReadArray<float>(reader));
    }

    /// <summary>A short content hash of the arrays, for the model version string.</summary>
    /// <param name="priorShift">The category prior shift (<see cref="ModelMetadata.PriorShift"/>); none hashes as before it existed.</param>
    /// <param name="hidden">The hidden layer, as stored (8-bit rows and their scales); none hashes as before it existed.</param>
    /// <param name="hintHidden">The hints' hidden layer, as stored; none hashes as before it existed.</param>
    /// <param name="hiddenPool">The category layer's pooling (<see cref="ModelMetadata.HiddenPool"/>); none (a sum) hashes as before it existed.</param>
    /// <param name="hintHiddenPool">The hints' layer's pooling (<see cref="ModelMetadata.HintHiddenPool"/>); none hashes as before it existed.</param>
    public static string ContentHash(ulong[] vocabulary, float[] weights, float[] bias, IReadOnlyList<double>? priorShift = null, HiddenLayer? hidden = null, HiddenLayer? hintHidden = null, string? hiddenPool = null, string? hintHiddenPool = null)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(MemoryMarshal.AsBytes(vocabulary.AsSpan()));
        sha.AppendData(MemoryMarshal.AsBytes(weights.AsSpan()));
        sha.AppendData(MemoryMarshal.AsBytes(bias.AsSpan()));
        if (priorShift is { Count: > 0 })
        {
            sha.AppendData(MemoryMarshal.AsBytes(priorShift.ToArray().AsSpan()));
        }

        foreach (var layer in (ReadOnlySpan<HiddenLayer?>)[hidden, hintHidden])
        {
            if (layer is not null)
            {
                var (scales, values) = layer.Quantized();
                sha.AppendData(MemoryMarshal.AsBytes(scales.AsSpan()));
                sha.AppendData(MemoryMarshal.AsBytes(values.AsSpan()));
                sha.AppendData(MemoryMarshal.AsBytes(layer.InputBias.AsSpan()));
                sha.AppendData(MemoryMarshal.AsBytes(layer.OutputWeights.AsSpan()));
                sha.AppendData(MemoryMarshal.AsBytes(layer.OutputBias.AsSpan()));
            }
        }

        if (hiddenPool is not null)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(hiddenPool));
        }

        if (hintHiddenPool is not null)
        {
            sha.AppendData(Encoding.UTF8.GetBytes("hints:" + hintHiddenPool));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..8];
    }

    private static void WriteArray<T>(BinaryWriter writer, T[] values)
        where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static T[] ReadArray<T>(BinaryReader reader)
        where T : unmanaged
    {
        var length = reader.ReadInt32();
        if (length < 0 || length > 100_000_000)
        {
            throw new InvalidDataException("Model array length out of range.");
        }

        var values = new T[length];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        reader.BaseStream.ReadExactly(bytes);
        return values;
    }
}
