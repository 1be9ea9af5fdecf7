namespace Suggestions.Classification.Features;

/// <summary>Small numeric helpers shared by training and inference, so both compute the same thing.</summary>
internal static class TopicMath
{
    /// <summary>
    /// The confident topic of one clause, or -1: the category model's n-gram part applied to the clause
    /// alone (occurrence-weighted idf, unit length). Clauses whose best category is <c>other</c> or is
    /// below <paramref name="threshold"/> have no topic of their own.
    /// </summary>
    public static int ClauseTopic(Span<double> scores, double squaredNorm, float[] bias, int otherIndex, double threshold)
    {
        if (squaredNorm <= 0)
        {
            return -1;
        }

        var scale = 1 / Math.Sqrt(squaredNorm);
        var best = 0;
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] = (scores[k] * scale) + bias[k];
            if (scores[k] > scores[best])
            {
                best = k;
            }
        }

        var sum = 0.0;
        for (var k = 0; k < scores.Length; k++)
        {
            sum += Math.Exp(scores[k] - scores[best]);
        }

        var probability = 1 / sum;
        return best != otherIndex && probability >= threshold ? best : -1;
    }

    /// <summary>In-place softmax of <paramref name="logits"/> divided by <paramref name="temperature"/>.</summary>
    public static void Softmax(Span<double> logits, double temperature)
    {
        var max = double.NegativeInfinity;
        foreach (var z in logits)
        {
            max = Math.Max(max, z);
        }

        var sum = 0.0;
        for (var k = 0; k < logits.Length; k++)
        {
            logits[k] = Math.Exp((logits[k] - max) / temperature);
            sum += logits[k];
        }

        for (var k = 0; k < logits.Length; k++)
        {
            logits[k] /= sum;
        }
    }

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Sub-linear term frequency: the tenth "公交" says less than the first.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double TermWeight(double count, float idf)
    {
        // Counts are small whole numbers: a table saves a logarithm per feature on the hot path.
        var whole = (int)count;
        return (whole == count && whole < LogTable.Length ? LogTable[whole] : 1 + Math.Log(count)) * idf;
    }

    private static readonly double[] LogTable = [.. Enumerable.Range(0, 256).Select(n => n == 0 ? double.NegativeInfinity : 1 + Math.Log(n))];

    public static double LexiconWeight(double count) => Math.Log(1 + count);
}
