namespace Suggestions.Classification.Text;

/// <summary>
/// Canonical form of a proposal's text, so that the same words give the same features whatever the
/// citizen's input method: full-width ASCII → half-width, traditional → simplified, ASCII lower case,
/// one spelling per punctuation mark, no invisible characters.
/// <see cref="NormalizeForClassification(ReadOnlySpan{char}, Span{char})"/> also takes out what a message carries besides
/// its point (thirteenth session): contact details and links — URLs, e-mail addresses, numbers of seven or more digits
/// (phone, ID card, account numbers) — and HTML remnants (tags, entities) become one space each, and a word typed
/// with spaces between its characters ("路 灯 坏 了") or a text typed word by word ("我家 门口 的 路灯 坏了") is read
/// without them (fourteenth session).
/// </summary>
public static class TextNormalizer
{
    /// <summary>The canonical form of <paramref name="text"/> as a new string.</summary>
    public static string Normalize(string text) => Normalize(text, forClassification: false);

    /// <summary>
    /// Writes the canonical form of <paramref name="source"/> into <paramref name="destination"/>
    /// (at least as long as the source) and returns its length. Never allocates.
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

    /// <summary>What the classifier reads of <paramref name="text"/>, as a new string (see the class summary).</summary>
    public static string NormalizeForClassification(string text) => Normalize(text, forClassification: true);

    /// <summary>
    /// What the classifier reads of <paramref name="source"/>: the canonical form without contact details, links and
    /// spaces inside a spaced-out word. Writes it into <paramref name="destination"/> (at least as long as the source)
    /// and returns its length. Never allocates: the classifier's hot path.
    /// </summary>
    /// <remarks>
    /// The trainer reads its corpus in the canonical form alone (<see cref="Normalize(ReadOnlySpan{char}, Span{char})"/>):
    /// retrained with these changes too, the model moved on three streams of fresh writers by as much as retraining
    /// alone moves it, which the rule fixed before measuring did not allow (docs/classifier.md, thirteenth session).
    /// </remarks>
    public static int NormalizeForClassification(ReadOnlySpan<char> source, Span<char> destination)
    {
        var n = Normalize(source, destination);
        return Tidy(destination[..n]);
    }

    private static string Normalize(string text, bool forClassification)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = text.Length <= 512 ? stackalloc char[text.Length] : new char[text.Length];
        var length = forClassification ? NormalizeForClassification(text, buffer) : Normalize(text, buffer);
        return new string(buffer[..length]);
    }

    /// <summary>
    /// In place over canonical text (which it only shortens): replaces each contact detail or link (and the spaces after
    /// it) by one space, and drops a space between two one-character Chinese pieces, or between any two Chinese
    /// characters in a text typed word by word (<see cref="IsWordSpaced"/>). Returns the new length.
    /// </summary>
    private static int Tidy(Span<char> text)
    {
        var wordSpaced = IsWordSpaced(text);
        var w = 0;
        var i = 0;
        var previous = '\0';
        var beforePrevious = '\0';
        var afterMask = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == ' ')
            {
                var end = i + 1;
                while (end < text.Length && text[end] == ' ')
                {
                    end++;
                }

                // A space between two one-character pieces ("路 灯 坏 了") spaces out a word; between longer pieces it
                // stands for a comma ("路灯坏了 好几天了"), so it stays — unless the whole text is typed word by word
                // ("我家 门口 的 路灯 坏了"), where every space between two Chinese characters goes.
                var betweenHan = IsHan(previous) && end < text.Length && IsHan(text[end]);
                var spacedOut = betweenHan && (wordSpaced
                    || (!char.IsLetterOrDigit(beforePrevious) && (end + 1 == text.Length || !char.IsLetterOrDigit(text[end + 1]))));
                if (!afterMask && !spacedOut)
                {
                    for (var k = i; k < end; k++)
                    {
                        text[w++] = ' ';
                    }
                }

                beforePrevious = previous;
                previous = ' ';
                i = end;
                continue;
            }

            if (c < 0x80 && (c is '<' or '&' || !IsAsciiLetterOrDigit(previous)))
            {
                // A link or an address starts only where no address character precedes (so "a.a.a.a…" is tried once,
                // not at every letter: the pass stays linear); a number also after '+' or '-' (+86 139…).
                var masked = ContactLength(text[i..], linkOrAddress: !IsAddressChar(previous));
                if (masked > 0)
                {
                    text[w++] = ' ';
                    beforePrevious = previous;
                    previous = ' ';
                    afterMask = true;
                    i += masked;
                    continue;
                }
            }

            text[w++] = c;
            beforePrevious = previous;
            previous = c;
            afterMask = false;
            i++;
        }

        return w;
    }

    /// <summary>
    /// Whether the text is typed word by word: at least <see cref="WordSpacedMinPieces"/> runs of Chinese characters
    /// touch a space that has a Chinese character on its other side, and at least half of those runs are words of one to
    /// three characters. A writer who puts a space for a comma separates clauses, which are longer
    /// ("路灯坏了 好几天了 没人管"): 8 of the corpus's 7,478 texts are word-spaced by this test, 1,283 hold such a space.
    /// </summary>
    private static bool IsWordSpaced(ReadOnlySpan<char> text)
    {
        var pieces = 0;
        var shortPieces = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!IsHan(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsHan(text[i]))
            {
                i++;
            }

            var after = i;
            while (after < text.Length && text[after] == ' ')
            {
                after++;
            }

            var before = start - 1;
            while (before >= 0 && text[before] == ' ')
            {
                before--;
            }

            var joinedRight = after > i && after < text.Length && IsHan(text[after]);
            var joinedLeft = before < start - 1 && before >= 0 && IsHan(text[before]);
            if (joinedLeft || joinedRight)
            {
                pieces++;
                shortPieces += i - start <= 3 ? 1 : 0;
            }
        }

        return pieces >= WordSpacedMinPieces && shortPieces * 2 >= pieces;
    }

    private const int WordSpacedMinPieces = 4;

    /// <summary>
    /// The length of the URL, e-mail address, long number or HTML remnant that <paramref name="text"/> starts with, or 0.
    /// </summary>
    private static int ContactLength(ReadOnlySpan<char> text, bool linkOrAddress)
    {
        if (text[0] is '<' or '&')
        {
            return MarkupLength(text);
        }

        if (!linkOrAddress)
        {
            return LongNumberLength(text);
        }

        var length = text.StartsWith("https://") ? "https://".Length : text.StartsWith("http://") ? "http://".Length : text.StartsWith("www.") ? "www.".Length : 0;
        if (length > 0)
        {
            while (length < text.Length && IsUrlChar(text[length]))
            {
                length++;
            }

            // A full stop, comma or closing bracket right after a link is the sentence's, not the link's.
            while (length > 0 && ".,;:!?)]'\"".Contains(text[length - 1]))
            {
                length--;
            }

            return length;
        }

        return EmailLength(text) is var email and > 0 ? email : LongNumberLength(text);
    }

    /// <summary>
    /// An HTML tag (&lt;br&gt;, &lt;/p&gt;, &lt;img src="…"&gt;: '&lt;', a letter or '/', at most 40 more characters
    /// without '&lt;' or '&gt;', then '&gt;') or an entity (&amp;nbsp;, &amp;#12290;, &amp;#x3002;) left in a pasted
    /// or scraped message.
    /// </summary>
    private static int MarkupLength(ReadOnlySpan<char> text)
    {
        if (text.Length < 3)
        {
            return 0;
        }

        if (text[0] == '<')
        {
            if (!(text[1] == '/' || text[1] is >= 'a' and <= 'z'))
            {
                return 0;
            }

            for (var i = 2; i < text.Length && i <= 42; i++)
            {
                if (text[i] == '>')
                {
                    return i + 1;
                }

                if (text[i] == '<')
                {
                    return 0;
                }
            }

            return 0;
        }

        // '&': a named entity of 2–8 letters, or a decimal or hexadecimal character reference, ended by ';'.
        var numeric = text[1] == '#';
        var hex = numeric && text[2] == 'x';
        var start = hex ? 3 : numeric ? 2 : 1;
        var end = start;
        while (end < text.Length && end - start < 8
            && (hex ? char.IsAsciiHexDigit(text[end]) : numeric ? char.IsAsciiDigit(text[end]) : text[end] is >= 'a' and <= 'z'))
        {
            end++;
        }

        return end - start >= (numeric ? 1 : 2) && end < text.Length && text[end] == ';' ? end + 1 : 0;
    }

    /// <summary>local@domain.tld: an ASCII local part, '@', and a domain of at least two dot-separated labels.</summary>
    private static int EmailLength(ReadOnlySpan<char> text)
    {
        var at = 0;
        while (at < text.Length && IsAddressChar(text[at]))
        {
            at++;
        }

        if (at == 0 || at >= text.Length || text[at] != '@')
        {
            return 0;
        }

        var end = at + 1;
        var labels = 0;
        while (true)
        {
            var start = end;
            while (end < text.Length && (IsAsciiLetterOrDigit(text[end]) || text[end] == '-'))
            {
                end++;
            }

            if (end == start)
            {
                // An empty label: the address ended at the dot before it (or there is no domain at all).
                end = start - 1;
                break;
            }

            labels++;
            if (end + 1 < text.Length && text[end] == '.' && IsAsciiLetterOrDigit(text[end + 1]))
            {
                end++;
                continue;
            }

            break;
        }

        return labels >= 2 ? end : 0;
    }

    /// <summary>
    /// Seven or more digits, in groups joined by single hyphens or spaces (139 0733 1234, 0731-2812 3456), and the X
    /// that ends some ID card numbers: phone, ID card and account numbers, never what a proposal is about.
    /// </summary>
    private static int LongNumberLength(ReadOnlySpan<char> text)
    {
        var digits = 0;
        var end = 0;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            digits++;
            end++;
            if (end + 1 < text.Length && text[end] is '-' or ' ' && char.IsAsciiDigit(text[end + 1]))
            {
                end++;
            }
        }

        if (digits < 7)
        {
            return 0;
        }

        if (digits == 17 && end < text.Length && text[end] == 'x')
        {
            end++;
        }

        return end < text.Length && IsAsciiLetterOrDigit(text[end]) ? 0 : end;
    }

    private static bool IsHan(char c) => c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';

    private static bool IsAsciiLetterOrDigit(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';

    private static bool IsAddressChar(char c) => IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    private static bool IsUrlChar(char c) => IsAsciiLetterOrDigit(c) || "-._~:/?#[]@!$&'()*+,;=%".Contains(c);

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
