namespace Suggestions.Classification.Features;

/// <summary>
/// What the scanner reports, in text order (at each position, the n-grams starting there, then the terms;
/// a longest-match term is reported once the longest one starting there is known).
/// Implemented by structs so calls inline.
/// </summary>
internal interface IScanSink
{
    void NGram(ulong hash, int start, int length);

    /// <summary>
    /// A lexicon term. <paramref name="nested"/>: it lies inside a longer term of the lexicon's
    /// longest-match groups (<see cref="LexiconIndex"/>), so it counts only for its other groups.
    /// </summary>
    void Term(int entry, int start, int length, bool nested);

    /// <summary>A clause (sentence, or an enumerated item) ended; it had this many content characters.</summary>
    void ClauseEnd(int contentChars);

    /// <summary>An enumeration marker: 一、 (二) 3. ④ 第一， 一是 …</summary>
    void Marker();
}

/// <summary>
/// One pass over normalised text: character n-grams within runs of letters/digits (punctuation and
/// spaces break runs, so no n-gram spans two phrases), lexicon terms, clause boundaries and enumeration
/// markers. Allocation-free.
/// </summary>
internal static class TextScanner
{
    /// <summary>The longest n-gram of models that do not say otherwise.</summary>
    public const int DefaultMaxN = 3;

    public const int LongestMaxN = 6;

    public static void Scan<TSink>(ReadOnlySpan<char> text, LexiconIndex? lexicon, ref TSink sink, int maxN = DefaultMaxN)
        where TSink : struct, IScanSink
    {
        maxN = Math.Clamp(maxN, 1, LongestMaxN);
        var clauseChars = 0;
        var atClauseStart = true;
        var i = 0;
        while (i < text.Length)
        {
            var markerLength = MarkerLength(text, i, atClauseStart);
            if (markerLength > 0)
            {
                if (clauseChars > 0)
                {
                    sink.ClauseEnd(clauseChars);
                    clauseChars = 0;
                }

                sink.Marker();
                i += markerLength;
                atClauseStart = false;
                continue;
            }

            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                var end = i + 1;
                while (end < text.Length && char.IsLetterOrDigit(text[end]))
                {
                    end++;
                }

                ScanRun(text, i, end, lexicon, ref sink, maxN);
                clauseChars += end - i;
                i = end;
                atClauseStart = false;
                continue;
            }

            switch (c)
            {
                case '\n' or '。' or '!' or '?' or ';' or '…':
                    if (clauseChars > 0)
                    {
                        sink.ClauseEnd(clauseChars);
                        clauseChars = 0;
                    }

                    atClauseStart = true;
                    break;
                case ',' or ':' or ' ':
                    atClauseStart = true;
                    break;
                default:
                    break;
            }

            i++;
        }

        if (clauseChars > 0)
        {
            sink.ClauseEnd(clauseChars);
        }
    }

    private static void ScanRun<TSink>(ReadOnlySpan<char> text, int start, int end, LexiconIndex? lexicon, ref TSink sink, int maxN)
        where TSink : struct, IScanSink
    {
        // Where the longest-match terms found so far in this run end: a term ending there or before lies inside one.
        var coveredEnd = start;
        for (var p = start; p < end; p++)
        {
            // The n-grams, then the terms, starting here: two simple loops rather than one that does both
            // (whose branches the CPU could not predict).
            var ngramEnd = Math.Min(end, p + maxN);
            var hash = NGramHash.Seed;
            for (var q = p; q < ngramEnd; q++)
            {
                hash = NGramHash.Extend(hash, text[q]);
                sink.NGram(hash, p, q - p + 1);
            }

            if (lexicon is not null && lexicon.CanStart(text[p]))
            {
                ScanTerms(text, p, Math.Min(end, p + lexicon.MaxLength), lexicon, ref sink, ref coveredEnd);
            }
        }
    }

    /// <summary>
    /// The terms starting at <paramref name="start"/>. The first character and the first two are answered
    /// from the lexicon's bitmaps, and at most positions that is where it ends: only longer candidates
    /// read the table. Of the longest-match terms starting here only the longest can count in full, and
    /// only when it reaches past <paramref name="coveredEnd"/> (a term that started earlier covers it otherwise).
    /// </summary>
    private static void ScanTerms<TSink>(ReadOnlySpan<char> text, int start, int end, LexiconIndex lexicon, ref TSink sink, ref int coveredEnd)
        where TSink : struct, IScanSink
    {
        var (pending, pendingLength) = (-1, 0);
        var first = lexicon.FindFirst(text[start]);
        if (first >= 0)
        {
            Found(first, 1, lexicon, start, ref sink, ref pending, ref pendingLength);
        }

        if (start + 1 < end && lexicon.CanStart(text[start], text[start + 1]))
        {
            var hash = NGramHash.Extend(NGramHash.Seed, text[start]);
            for (var q = start + 1; q < end; q++)
            {
                hash = NGramHash.Extend(hash, text[q]);
                var entry = lexicon.Find(hash);
                if (entry >= 0)
                {
                    Found(entry, q - start + 1, lexicon, start, ref sink, ref pending, ref pendingLength);
                }
                else if (entry != LexiconIndex.PrefixOnly)
                {
                    // No term continues this way.
                    break;
                }
            }
        }

        if (pending >= 0)
        {
            var nested = start + pendingLength <= coveredEnd;
            sink.Term(pending, start, pendingLength, nested);
            if (!nested)
            {
                coveredEnd = start + pendingLength;
            }
        }
    }

    private static void Found<TSink>(int entry, int length, LexiconIndex lexicon, int start, ref TSink sink, ref int pending, ref int pendingLength)
        where TSink : struct, IScanSink
    {
        if (!lexicon.EntryLongestMatch[entry])
        {
            sink.Term(entry, start, length, nested: false);
            return;
        }

        // Found in order of length: the one found before is inside this one.
        if (pending >= 0)
        {
            sink.Term(pending, start, pendingLength, nested: true);
        }

        (pending, pendingLength) = (entry, length);
    }

    /// <summary>Length of the enumeration marker at <paramref name="i"/>, or 0.</summary>
    internal static int MarkerLength(ReadOnlySpan<char> text, int i, bool atClauseStart)
    {
        var c = text[i];

        // ①…⑳, ⑴…⒇, ⒈…⒛: unambiguous wherever they stand.
        if (c is >= '\u2460' and <= '\u249B')
        {
            return 1;
        }

        if (c == '(')
        {
            var j = i + 1;
            while (j < text.Length && j - i <= 3 && (IsChineseNumeral(text[j]) || char.IsAsciiDigit(text[j])))
            {
                j++;
            }

            return j > i + 1 && j < text.Length && text[j] == ')' ? j - i + 1 : 0;
        }

        if (!atClauseStart)
        {
            return 0;
        }

        if (char.IsAsciiDigit(c))
        {
            var j = i + 1;
            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }

            // "1." but not "1.5": the item must not continue with a digit.
            if (j < text.Length && text[j] is '.' or '、' or ')' && (j + 1 >= text.Length || !char.IsAsciiDigit(text[j + 1])))
            {
                return j - i + 1;
            }

            return 0;
        }

        var ordinal = c == '第';
        var k = ordinal ? i + 1 : i;
        var numeralStart = k;
        while (k < text.Length && k - numeralStart < 3 && IsChineseNumeral(text[k]))
        {
            k++;
        }

        if (k == numeralStart || k >= text.Length)
        {
            return 0;
        }

        var after = text[k];
        var isMarker = after is '、' or '.' or ':' or '是' || (ordinal && after == ',');
        return isMarker ? k - i + 1 : 0;
    }

    private static bool IsChineseNumeral(char c) => c is '一' or '二' or '三' or '四' or '五' or '六' or '七' or '八' or '九' or '十';
}
