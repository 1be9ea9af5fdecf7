using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Suggestions.Classification.Features;

namespace Suggestions.Classification.Model;

/// <summary>
/// What scoring reads about each n-gram feature, side by side in one record: its idf, its linear weight row (a column
/// per category and per hint), and, for each hidden layer the n-gram feeds, the layer's 8-bit input row and that row's
/// scale. The model file keeps these in separate arrays (<see cref="NgramModel.Idf"/>, <see cref="NgramModel.Weights"/>,
/// each layer's rows); a text touches a few hundred features scattered over all of them, so there every feature cost up to
/// seven cache lines on as many memory pages, one of them (a row's scale) never asked for ahead of time. Here a feature is
/// at most three adjacent cache lines of one or two pages, all of which <see cref="Prefetch"/> asks for at once. The values
/// are the very same floats and bytes, read in the same order, so every answer is bit-identical to reading the arrays.
/// The records start on a cache line (the buffer is pinned, so it never moves) and take a whole number of lines each.
/// </summary>
internal sealed class FeatureRecords
{
    /// <summary>Bytes in a cache line: each record starts on one.</summary>
    public const int Line = 64;

    /// <summary>The idf (a float) is the record's first four bytes.</summary>
    public const int IdfOffset = 0;

    /// <summary>The linear weight row starts here (16-byte aligned, after the idf and up to two layer scales).</summary>
    public const int WeightsOffset = 16;

    private readonly byte[] _buffer;
    private readonly int _start;

    public FeatureRecords(NgramModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Columns = model.Columns;
        Count = model.VocabularySize;
        var end = WeightsOffset + (Columns * sizeof(float));
        Category = Place(model.Hidden, 4, ref end);
        Hints = Place(model.HintHidden, 8, ref end);
        Stride = (end + Line - 1) / Line * Line;

        // Pinned (the pinned object heap), so the aligned start found here stays aligned.
        var size = ((long)Count * Stride) + Line;
        if (size > Array.MaxLength)
        {
            throw new InvalidDataException($"The model's {Count} n-grams of {Stride} bytes each do not fit in one array.");
        }

        _buffer = GC.AllocateArray<byte>((int)size, pinned: true);
        _start = (int)((Line - (AddressOf(_buffer) & (Line - 1))) & (Line - 1));
        // One pass, record by record: each is written whole while its lines are in cache.
        var records = Bytes;
        var (categoryScales, categoryRows) = model.Hidden?.Quantized() ?? ([], []);
        var (hintScales, hintRows) = model.HintHidden?.Quantized() ?? ([], []);
        for (var f = 0; f < Count; f++)
        {
            var record = records.Slice(f * Stride, Stride);
            MemoryMarshal.Write(record[IdfOffset..], model.Idf[f]);
            MemoryMarshal.AsBytes(model.Weights.AsSpan(f * Columns, Columns)).CopyTo(record[WeightsOffset..]);
            Category.Write(record, f, categoryScales, categoryRows);
            Hints.Write(record, f, hintScales, hintRows);
        }
    }

    /// <summary>Weight columns per record (categories, then hints).</summary>
    public int Columns { get; }

    /// <summary>Records: one per n-gram of the vocabulary.</summary>
    public int Count { get; }

    /// <summary>Bytes from one record to the next, a whole number of cache lines.</summary>
    public int Stride { get; }

    /// <summary>Cache lines a record spans.</summary>
    public int Lines => Stride / Line;

    /// <summary>Where the category layer's row and scale sit (none when the model has no such layer).</summary>
    public LayerPlace Category { get; }

    /// <summary>Where the hints' layer's row and scale sit (none when the model has no such layer).</summary>
    public LayerPlace Hints { get; }

    /// <summary>All records, the first one starting on a cache line.</summary>
    public ReadOnlySpan<byte> Records => Bytes;

    private Span<byte> Bytes => _buffer.AsSpan(_start, Count * Stride);

    /// <summary>Feature <paramref name="f"/>'s idf: <see cref="NgramModel.Idf"/>'s value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Idf(int f) => Unsafe.ReadUnaligned<float>(ref _buffer[_start + (f * Stride) + IdfOffset]);

    /// <summary>Feature <paramref name="f"/>'s weight row: <see cref="NgramModel.Weights"/>' row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<float> Weights(int f) =>
        MemoryMarshal.Cast<byte, float>(new ReadOnlySpan<byte>(_buffer, _start + (f * Stride) + WeightsOffset, Columns * sizeof(float)));

    /// <summary>Feature <paramref name="f"/>'s weight in column <paramref name="column"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Weight(int f, int column) =>
        Unsafe.ReadUnaligned<float>(ref _buffer[_start + (f * Stride) + WeightsOffset + (column * sizeof(float))]);

    /// <summary>Asks the CPU to start loading every cache line of feature <paramref name="f"/>'s record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int f)
    {
        var at = _start + (f * Stride);
        for (var line = 0; line < Lines; line++)
        {
            RowMath.Prefetch(in _buffer[at + (line * Line)]);
        }
    }

    private static unsafe long AddressOf(byte[] pinned) => (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));

    private static LayerPlace Place(HiddenLayer? layer, int scaleOffset, ref int end)
    {
        if (layer is null)
        {
            return default;
        }

        var place = new LayerPlace(end, scaleOffset, layer.Units, layer.NgramInputs);
        end += layer.Units;
        return place;
    }

    /// <summary>
    /// Where a hidden layer's input row (<see cref="Units"/> signed bytes at <see cref="RowOffset"/>) and its scale (a float
    /// at <see cref="ScaleOffset"/>) sit in a record; only features below <see cref="Limit"/> have them (the others' bytes
    /// are zero and never read).
    /// </summary>
    public readonly record struct LayerPlace(int RowOffset, int ScaleOffset, int Units, int Limit)
    {
        /// <summary>
        /// Copies feature <paramref name="f"/>'s row and scale from the layer's 8-bit form (as the file holds it) into its
        /// record; nothing for a feature the layer does not read (or no layer).
        /// </summary>
        public void Write(Span<byte> record, int f, float[] scales, sbyte[] rows)
        {
            if (f >= Limit)
            {
                return;
            }

            MemoryMarshal.Write(record[ScaleOffset..], scales[f]);
            MemoryMarshal.AsBytes(rows.AsSpan(f * Units, Units)).CopyTo(record[RowOffset..]);
        }
    }
}
