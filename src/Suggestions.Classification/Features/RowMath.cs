using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Suggestions.Classification.Features;

/// <summary>
/// The inner loops of linear scoring: adding a scaled float weight row to double accumulators. Four
/// columns per step with AVX, otherwise one. The vector path does the very same IEEE operations as the
/// scalar loop, per column and in the same order (widen, multiply, add; never a fused multiply-add), so
/// both give bit-identical sums and the answers do not depend on the hardware. Also the cache hint the
/// lookups and the scoring use to get their scattered rows loaded ahead of time.
/// </summary>
internal static class RowMath
{
    /// <summary><c>sums[c] += x * row[c]</c> (the product in double) for every column of <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(Span<double> sums, ReadOnlySpan<float> row, double x)
    {
        sums = sums[..row.Length];
        var c = 0;
        if (Avx.IsSupported)
        {
            ref var sum = ref MemoryMarshal.GetReference(sums);
            ref var weight = ref MemoryMarshal.GetReference(row);
            var scale = Vector256.Create(x);
            for (; c <= row.Length - 4; c += 4)
            {
                var w = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref weight, (nuint)c));
                (Vector256.LoadUnsafe(ref sum, (nuint)c) + (scale * w)).StoreUnsafe(ref sum, (nuint)c);
            }
        }

        for (; c < row.Length; c++)
        {
            sums[c] += x * row[c];
        }
    }

    /// <summary><c>sums[c] += x * row[c]</c> with the product rounded to float first, as float × float is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddFloatScaled(Span<double> sums, ReadOnlySpan<float> row, float x)
    {
        sums = sums[..row.Length];
        var c = 0;
        if (Avx.IsSupported)
        {
            ref var sum = ref MemoryMarshal.GetReference(sums);
            ref var weight = ref MemoryMarshal.GetReference(row);
            var scale = Vector128.Create(x);
            for (; c <= row.Length - 4; c += 4)
            {
                var product = Avx.ConvertToVector256Double(scale * Vector128.LoadUnsafe(ref weight, (nuint)c));
                (Vector256.LoadUnsafe(ref sum, (nuint)c) + product).StoreUnsafe(ref sum, (nuint)c);
            }
        }

        for (; c < row.Length; c++)
        {
            sums[c] += x * row[c];
        }
    }

    /// <summary>
    /// <c>sums[c] += x * (row[c] * scale)</c> for an 8-bit row: the weight rounded to float as float × float is, then the
    /// product in double — exactly <see cref="AddScaled"/> of the row's float weights, with a quarter of the bytes to load.
    /// Eight columns per step with AVX2, otherwise one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaledQuantized(Span<double> sums, ReadOnlySpan<sbyte> row, float scale, double x)
    {
        sums = sums[..row.Length];
        var c = 0;
        if (Avx2.IsSupported)
        {
            ref var sum = ref MemoryMarshal.GetReference(sums);
            ref var weight = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(row));
            var factor = Vector256.Create(x);
            var step = Vector256.Create(scale);
            for (; c <= row.Length - 8; c += 8)
            {
                var bytes = Vector128.CreateScalar(Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref weight, c))).AsSByte();
                var weights = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(bytes)) * step;
                (Vector256.LoadUnsafe(ref sum, (nuint)c) + (factor * Avx.ConvertToVector256Double(weights.GetLower()))).StoreUnsafe(ref sum, (nuint)c);
                (Vector256.LoadUnsafe(ref sum, (nuint)(c + 4)) + (factor * Avx.ConvertToVector256Double(weights.GetUpper()))).StoreUnsafe(ref sum, (nuint)(c + 4));
            }
        }

        for (; c < row.Length; c++)
        {
            sums[c] += x * (row[c] * scale);
        }
    }

    /// <summary>
    /// <see cref="AddScaledQuantized"/> for each <c>r = rows[i]</c> with <c>x = xs[i]</c>, in order, where row <c>r</c> is <c>sums.Length</c> signed bytes at <c>r * stride + rowOffset</c> of
    /// <paramref name="records"/> and its scale a float at <c>r * stride + scaleOffset</c> (Model/FeatureRecords): the same
    /// sums, but sixteen columns at a time stay in four AVX registers over all the rows instead of going through memory for
    /// every row (the fast path wants a multiple of 16 columns).
    /// </summary>
    public static void AddScaledQuantizedRecords(Span<double> sums, ReadOnlySpan<byte> records, int stride, int rowOffset, int scaleOffset, ReadOnlySpan<int> rows, ReadOnlySpan<double> xs)
    {
        var columns = sums.Length;
        if (!Avx2.IsSupported || columns % 16 != 0)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                var at = rows[i] * stride;
                var row = MemoryMarshal.Cast<byte, sbyte>(records.Slice(at + rowOffset, columns));
                AddScaledQuantized(sums, row, MemoryMarshal.Read<float>(records[(at + scaleOffset)..]), xs[i]);
            }

            return;
        }

        ref var sum = ref MemoryMarshal.GetReference(sums);
        ref var bytes = ref MemoryMarshal.GetReference(records);
        if (Avx512F.IsSupported && columns % 32 == 0)
        {
            // Thirty-two columns at a time in four AVX-512 registers: half the instructions of the AVX2 loop below, the same
            // operations per column.
            for (var block = 0; block < columns; block += 32)
            {
                var a0 = Vector512.LoadUnsafe(ref sum, (nuint)block);
                var a1 = Vector512.LoadUnsafe(ref sum, (nuint)(block + 8));
                var a2 = Vector512.LoadUnsafe(ref sum, (nuint)(block + 16));
                var a3 = Vector512.LoadUnsafe(ref sum, (nuint)(block + 24));
                for (var i = 0; i < rows.Length; i++)
                {
                    var at = (nuint)rows[i] * (nuint)stride;
                    var packed = Vector256.LoadUnsafe(ref bytes, at + (nuint)(rowOffset + block)).AsSByte();
                    var step = Vector512.Create(Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref bytes, at + (nuint)scaleOffset)));
                    var factor = Vector512.Create(xs[i]);
                    var low = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(packed.GetLower())) * step;
                    var high = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(packed.GetUpper())) * step;
                    a0 += factor * Avx512F.ConvertToVector512Double(low.GetLower());
                    a1 += factor * Avx512F.ConvertToVector512Double(low.GetUpper());
                    a2 += factor * Avx512F.ConvertToVector512Double(high.GetLower());
                    a3 += factor * Avx512F.ConvertToVector512Double(high.GetUpper());
                }

                a0.StoreUnsafe(ref sum, (nuint)block);
                a1.StoreUnsafe(ref sum, (nuint)(block + 8));
                a2.StoreUnsafe(ref sum, (nuint)(block + 16));
                a3.StoreUnsafe(ref sum, (nuint)(block + 24));
            }

            return;
        }

        for (var block = 0; block < columns; block += 16)
        {
            var a0 = Vector256.LoadUnsafe(ref sum, (nuint)block);
            var a1 = Vector256.LoadUnsafe(ref sum, (nuint)(block + 4));
            var a2 = Vector256.LoadUnsafe(ref sum, (nuint)(block + 8));
            var a3 = Vector256.LoadUnsafe(ref sum, (nuint)(block + 12));
            for (var i = 0; i < rows.Length; i++)
            {
                var at = (nuint)rows[i] * (nuint)stride;
                var packed = Vector128.LoadUnsafe(ref bytes, at + (nuint)(rowOffset + block)).AsSByte();
                var step = Vector256.Create(Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref bytes, at + (nuint)scaleOffset)));
                var factor = Vector256.Create(xs[i]);
                var low = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(packed)) * step;
                var high = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(packed, 8))) * step;
                a0 += factor * Avx.ConvertToVector256Double(low.GetLower());
                a1 += factor * Avx.ConvertToVector256Double(low.GetUpper());
                a2 += factor * Avx.ConvertToVector256Double(high.GetLower());
                a3 += factor * Avx.ConvertToVector256Double(high.GetUpper());
            }

            a0.StoreUnsafe(ref sum, (nuint)block);
            a1.StoreUnsafe(ref sum, (nuint)(block + 4));
            a2.StoreUnsafe(ref sum, (nuint)(block + 8));
            a3.StoreUnsafe(ref sum, (nuint)(block + 12));
        }
    }

    /// <summary>
    /// <c>sums[c] += max over r of (row(r)[c] * scale(r))</c>, the 8-bit rows and scales laid out as for
    /// <see cref="AddScaledQuantizedRecords"/>, each product rounded to float as float × float is (the value the row's float
    /// weight has); nothing when <paramref name="rows"/> is empty. The largest of the floats, then widened: the same as widening
    /// first, since widening keeps order.
    /// </summary>
    public static void AddMaxQuantizedRecords(Span<double> sums, ReadOnlySpan<byte> records, int stride, int rowOffset, int scaleOffset, ReadOnlySpan<int> rows) =>
        AddExtremeQuantizedRecords<Largest>(sums, records, stride, rowOffset, scaleOffset, rows);

    /// <summary>
    /// <c>sums[c] += min over r of (row(r)[c] * scale(r))</c>, as <see cref="AddMaxQuantizedRecords"/> with the smallest value
    /// instead of the largest; nothing when <paramref name="rows"/> is empty.
    /// </summary>
    public static void AddMinQuantizedRecords(Span<double> sums, ReadOnlySpan<byte> records, int stride, int rowOffset, int scaleOffset, ReadOnlySpan<int> rows) =>
        AddExtremeQuantizedRecords<Smallest>(sums, records, stride, rowOffset, scaleOffset, rows);

    /// <summary>Which extreme <see cref="AddExtremeQuantizedRecords{T}"/> keeps; a struct, so each is compiled on its own.</summary>
    private interface IExtreme
    {
        static abstract float Start { get; }

        static abstract float Pick(float a, float b);

        static abstract Vector256<float> Pick(Vector256<float> a, Vector256<float> b);
    }

    private readonly struct Largest : IExtreme
    {
        public static float Start => float.NegativeInfinity;

        public static float Pick(float a, float b) => Math.Max(a, b);

        public static Vector256<float> Pick(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);
    }

    private readonly struct Smallest : IExtreme
    {
        public static float Start => float.PositiveInfinity;

        public static float Pick(float a, float b) => Math.Min(a, b);

        public static Vector256<float> Pick(Vector256<float> a, Vector256<float> b) => Vector256.Min(a, b);
    }

    private static void AddExtremeQuantizedRecords<T>(Span<double> sums, ReadOnlySpan<byte> records, int stride, int rowOffset, int scaleOffset, ReadOnlySpan<int> rows)
        where T : struct, IExtreme
    {
        if (rows.IsEmpty)
        {
            return;
        }

        var columns = sums.Length;
        Span<float> extremes = stackalloc float[columns];
        extremes.Fill(T.Start);
        var c0 = 0;
        if (Avx2.IsSupported && columns >= 8)
        {
            ref var bytes = ref MemoryMarshal.GetReference(records);
            ref var best = ref MemoryMarshal.GetReference(extremes);

            // Thirty-two columns per pass over the rows, in four registers (the category layer's 64 units: two passes).
            for (; c0 <= columns - 32; c0 += 32)
            {
                var (m0, m1, m2, m3) = (Vector256.Create(T.Start), Vector256.Create(T.Start), Vector256.Create(T.Start), Vector256.Create(T.Start));
                foreach (var r in rows)
                {
                    var at = (nuint)r * (nuint)stride;
                    var packed = Vector256.LoadUnsafe(ref bytes, at + (nuint)(rowOffset + c0)).AsSByte();
                    var step = Vector256.Create(Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref bytes, at + (nuint)scaleOffset)));
                    var (low, high) = (packed.GetLower(), packed.GetUpper());
                    m0 = T.Pick(m0, Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(low)) * step);
                    m1 = T.Pick(m1, Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(low, 8))) * step);
                    m2 = T.Pick(m2, Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(high)) * step);
                    m3 = T.Pick(m3, Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(high, 8))) * step);
                }

                m0.StoreUnsafe(ref best, (nuint)c0);
                m1.StoreUnsafe(ref best, (nuint)(c0 + 8));
                m2.StoreUnsafe(ref best, (nuint)(c0 + 16));
                m3.StoreUnsafe(ref best, (nuint)(c0 + 24));
            }

            for (; c0 <= columns - 8; c0 += 8)
            {
                var m = Vector256.Create(T.Start);
                foreach (var r in rows)
                {
                    var at = (nuint)r * (nuint)stride;
                    var packed = Vector128.CreateScalar(Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref bytes, at + (nuint)(rowOffset + c0)))).AsSByte();
                    var step = Vector256.Create(Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref bytes, at + (nuint)scaleOffset)));
                    m = T.Pick(m, Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(packed)) * step);
                }

                m.StoreUnsafe(ref best, (nuint)c0);
            }
        }

        foreach (var r in rows)
        {
            var at = r * stride;
            var scale = MemoryMarshal.Read<float>(records[(at + scaleOffset)..]);
            var row = MemoryMarshal.Cast<byte, sbyte>(records.Slice(at + rowOffset, columns));
            for (var c = c0; c < columns; c++)
            {
                extremes[c] = T.Pick(extremes[c], row[c] * scale);
            }
        }

        for (var c = 0; c < columns; c++)
        {
            sums[c] += extremes[c];
        }
    }

    /// <summary>
    /// <c>sums[c] += the mean of the two largest (row(r)[c] * scale(r))</c> over <paramref name="rows"/> (each product a float,
    /// as in <see cref="AddMaxQuantizedRecords"/>; the mean in double), or the one value when there is one row; nothing when
    /// there is none. Two rows holding the same value count twice.
    /// </summary>
    public static void AddTopTwoMeanQuantizedRecords(Span<double> sums, ReadOnlySpan<byte> records, int stride, int rowOffset, int scaleOffset, ReadOnlySpan<int> rows)
    {
        if (rows.Length < 2)
        {
            AddMaxQuantizedRecords(sums, records, stride, rowOffset, scaleOffset, rows);
            return;
        }

        var columns = sums.Length;
        Span<float> first = stackalloc float[columns];
        Span<float> second = stackalloc float[columns];
        first.Fill(float.NegativeInfinity);
        second.Fill(float.NegativeInfinity);
        var c0 = 0;
        if (Avx2.IsSupported && columns >= 16)
        {
            ref var bytes = ref MemoryMarshal.GetReference(records);
            ref var best = ref MemoryMarshal.GetReference(first);
            ref var next = ref MemoryMarshal.GetReference(second);

            // Sixteen columns per pass: two registers of largest values, two of second largest.
            for (; c0 <= columns - 16; c0 += 16)
            {
                var (a0, a1) = (Vector256.Create(float.NegativeInfinity), Vector256.Create(float.NegativeInfinity));
                var (b0, b1) = (a0, a1);
                foreach (var r in rows)
                {
                    var at = (nuint)r * (nuint)stride;
                    var packed = Vector128.LoadUnsafe(ref bytes, at + (nuint)(rowOffset + c0)).AsSByte();
                    var step = Vector256.Create(Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref bytes, at + (nuint)scaleOffset)));
                    var v0 = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(packed)) * step;
                    var v1 = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(packed, 8))) * step;
                    b0 = Vector256.Max(b0, Vector256.Min(a0, v0));
                    a0 = Vector256.Max(a0, v0);
                    b1 = Vector256.Max(b1, Vector256.Min(a1, v1));
                    a1 = Vector256.Max(a1, v1);
                }

                a0.StoreUnsafe(ref best, (nuint)c0);
                a1.StoreUnsafe(ref best, (nuint)(c0 + 8));
                b0.StoreUnsafe(ref next, (nuint)c0);
                b1.StoreUnsafe(ref next, (nuint)(c0 + 8));
            }
        }

        foreach (var r in rows)
        {
            var at = r * stride;
            var scale = MemoryMarshal.Read<float>(records[(at + scaleOffset)..]);
            var row = MemoryMarshal.Cast<byte, sbyte>(records.Slice(at + rowOffset, columns));
            for (var c = c0; c < columns; c++)
            {
                var v = row[c] * scale;
                second[c] = Math.Max(second[c], Math.Min(first[c], v));
                first[c] = Math.Max(first[c], v);
            }
        }

        for (var c = 0; c < columns; c++)
        {
            sums[c] += 0.5 * ((double)first[c] + second[c]);
        }
    }

    /// <summary>
    /// <c>sums[c] = Σ scale(r) * weight(r, c)</c> over <paramref name="rows"/> in order, where row <c>r</c>'s weights are
    /// floats at <c>r * stride + weightsOffset</c> of <paramref name="records"/> (at least <paramref name="columns"/> of them)
    /// and its scale a float at <c>r * stride + scaleOffset</c> (Model/FeatureRecords), each product rounded to float as
    /// float × float is: the same as clearing <paramref name="sums"/> and calling <see cref="AddFloatScaled"/> per row. Up to
    /// 16 sums stay in four AVX registers for the whole run instead of going through memory for every row.
    /// </summary>
    public static void SumScaledRecords(Span<double> sums, ReadOnlySpan<byte> records, int stride, int weightsOffset, int columns, int scaleOffset, ReadOnlySpan<int> rows)
    {
        if (!Avx.IsSupported || sums.Length > 16 || columns < 16)
        {
            sums.Clear();
            foreach (var r in rows)
            {
                var at = r * stride;
                var row = MemoryMarshal.Cast<byte, float>(records.Slice(at + weightsOffset, sums.Length * sizeof(float)));
                AddFloatScaled(sums, row, MemoryMarshal.Read<float>(records[(at + scaleOffset)..]));
            }

            return;
        }

        // Columns past sums.Length are summed too (the row is wide enough) and then dropped.
        ref var bytes = ref MemoryMarshal.GetReference(records);
        var (a0, a1, a2, a3) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero);
        foreach (var r in rows)
        {
            var at = (nuint)r * (nuint)stride;
            ref var row = ref Unsafe.As<byte, float>(ref Unsafe.Add(ref bytes, at + (nuint)weightsOffset));
            var x = Vector128.Create(Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref bytes, at + (nuint)scaleOffset)));
            a0 += Avx.ConvertToVector256Double(x * Vector128.LoadUnsafe(ref row));
            a1 += Avx.ConvertToVector256Double(x * Vector128.LoadUnsafe(ref row, 4));
            a2 += Avx.ConvertToVector256Double(x * Vector128.LoadUnsafe(ref row, 8));
            a3 += Avx.ConvertToVector256Double(x * Vector128.LoadUnsafe(ref row, 12));
        }

        Span<double> all = stackalloc double[16];
        a0.CopyTo(all);
        a1.CopyTo(all[4..]);
        a2.CopyTo(all[8..]);
        a3.CopyTo(all[12..]);
        all[..sums.Length].CopyTo(sums);
    }

    /// <summary>
    /// Asks the CPU to start loading the cache line holding <paramref name="value"/>, without waiting for
    /// it. Classification is bound by memory latency: each text reads a few hundred scattered vocabulary
    /// slots and weight rows, and asking for them some steps before they are used lets the misses overlap
    /// instead of stalling one after another. A hint never faults and has no visible effect, so the
    /// address of an unpinned element is fine (at worst it is stale).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(ref readonly T value)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in value)));
        }
    }
}
