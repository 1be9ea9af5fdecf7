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
    /// <see cref="AddScaledQuantized"/> for each <c>r = rows[i]</c> below <paramref name="limit"/> with <c>x = xs[i]</c>, in
    /// order: the same sums, but sixteen columns at a time stay in four AVX registers over all the rows instead of going
    /// through memory for every row. <paramref name="columns"/> is the row width (a multiple of 16 for the fast path).
    /// </summary>
    public static void AddScaledQuantizedRows(Span<double> sums, ReadOnlySpan<sbyte> weights, ReadOnlySpan<float> scales, int columns, ReadOnlySpan<int> rows, ReadOnlySpan<double> xs, int limit)
    {
        if (!Avx2.IsSupported || columns % 16 != 0 || sums.Length != columns)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                if (rows[i] < limit)
                {
                    AddScaledQuantized(sums, weights.Slice(rows[i] * columns, columns), scales[rows[i]], xs[i]);
                }
            }

            return;
        }

        ref var sum = ref MemoryMarshal.GetReference(sums);
        ref var bytes = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(weights));
        for (var block = 0; block < columns; block += 16)
        {
            var a0 = Vector256.LoadUnsafe(ref sum, (nuint)block);
            var a1 = Vector256.LoadUnsafe(ref sum, (nuint)(block + 4));
            var a2 = Vector256.LoadUnsafe(ref sum, (nuint)(block + 8));
            var a3 = Vector256.LoadUnsafe(ref sum, (nuint)(block + 12));
            for (var i = 0; i < rows.Length; i++)
            {
                var r = rows[i];
                if (r >= limit)
                {
                    continue;
                }

                var packed = Vector128.LoadUnsafe(ref bytes, (nuint)((r * columns) + block)).AsSByte();
                var step = Vector256.Create(scales[r]);
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
    /// <c>sums[c] = Σ scales[r] * weights[r * columns + c]</c> over <paramref name="rows"/> in order, each
    /// product rounded to float as float × float is: the same as clearing <paramref name="sums"/> and
    /// calling <see cref="AddFloatScaled"/> per row. Up to 16 sums stay in four AVX registers for the
    /// whole run instead of going through memory for every row.
    /// </summary>
    public static void SumScaledRows(Span<double> sums, ReadOnlySpan<float> weights, int columns, ReadOnlySpan<int> rows, ReadOnlySpan<float> scales)
    {
        if (!Avx.IsSupported || sums.Length > 16 || columns < 16)
        {
            sums.Clear();
            foreach (var r in rows)
            {
                AddFloatScaled(sums, weights.Slice(r * columns, sums.Length), scales[r]);
            }

            return;
        }

        // Columns past sums.Length are summed too (the row is wide enough) and then dropped.
        var (a0, a1, a2, a3) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero);
        foreach (var r in rows)
        {
            var row = weights.Slice(r * columns, 16);
            var x = Vector128.Create(scales[r]);
            a0 += Avx.ConvertToVector256Double(x * Vector128.Create(row[..4]));
            a1 += Avx.ConvertToVector256Double(x * Vector128.Create(row[4..8]));
            a2 += Avx.ConvertToVector256Double(x * Vector128.Create(row[8..12]));
            a3 += Avx.ConvertToVector256Double(x * Vector128.Create(row[12..]));
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
