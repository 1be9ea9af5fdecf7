namespace Suggestions.Classification.Text;

/// <summary>
/// Canonical form of a proposal's text, so that the same words give the same features whatever the
/// citizen's input method: full-width ASCII → half-width, traditional → simplified, ASCII lower case,
/// one spelling per punctuation mark, no invisible characters.
/// </summary>
public static class TextNormalizer
{
    /// <summary>The canonical form of <paramref name="text"/> as a new string.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = text.Length <= 512 ? stackalloc char[text.Length] : new char[text.Length];
        var length = Normalize(text, buffer);
        return new string(buffer[..length]);
    }

    /// <summary>
    /// Writes the canonical form of <paramref name="source"/> into <paramref name="destination"/>
    /// (at least as long as the source) and returns its length. Never allocates: the classifier's hot path.
    /// </summary>
    public static int Normalize(ReadOnlySpan<char> source, Span<char> destination)
    {
        var n = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c is >= '\u4E00' and < '\uFE00')
            {
                // Most of a proposal: CJK characters, whose only mapping is the traditional fold (see Map).
                destination[n++] = TraditionalChinese.ToSimplified(c);
                continue;
            }

            if (c == '\r')
            {
                // \r\n and lone \r both become one line break.
                if (i + 1 < source.Length && source[i + 1] == '\n')
                {
                    continue;
                }

                c = '\n';
            }

            var mapped = Map(c);
            if (mapped != '\0')
            {
                destination[n++] = mapped;
            }
        }

        return n;
    }

    /// <summary>One character's canonical form; '\0' means "drop it".</summary>
    internal static char Map(char c)
    {
        if (c < 0x80)
        {
            return c switch
            {
                >= 'A' and <= 'Z' => (char)(c + 32),
                '\t' => ' ',
                '\n' => '\n',
                < ' ' or (char)0x7F => '\0',
                _ => c,
            };
        }

        if (c is >= '\uFF01' and <= '\uFF5E')
        {
            // Full-width forms mirror ASCII at a fixed offset (！→!, Ａ→a, １→1).
            return Map((char)(c - 0xFEE0));
        }

        return c switch
        {
            '\u3000' or '\u00A0' or '\u2002' or '\u2003' or '\u2009' => ' ',
            '\u200B' or '\u200C' or '\u200D' or '\uFEFF' or '\u00AD' => '\0',
            '\u201C' or '\u201D' or '\u300C' or '\u300D' or '\u300E' or '\u300F' or '\u2033' => '"',
            '\u2018' or '\u2019' or '\u2032' => '\'',
            '\u3010' or '\u3014' or '\u3016' => '[',
            '\u3011' or '\u3015' or '\u3017' => ']',
            '\u2014' or '\u2013' or '\u2015' or '\u2500' => '-',
            '\uFE50' => ',',
            '\uFE52' or '\uFF61' => '。',
            '\uFF64' => '、',
            '\u2022' or '\u00B7' or '\u30FB' => '·',
            _ => TraditionalChinese.ToSimplified(c),
        };
    }
}
