namespace Suggestions.Tracking;

/// <summary>
/// The number a citizen gets for a proposal: 16 Crockford base-32 characters written in four groups, e.g.
/// <c>K7QM-3XDA-9PRT-W4HN</c> — 12 random characters (60 bits), a 3-character seal that shows the number was
/// issued by this service (<see cref="TrackingSeal"/>), and one check character (Luhn mod 32). Crockford's
/// alphabet has no I, L, O or U, so it reads aloud without ambiguity; the check character catches every
/// single mistyped character and nearly every swap of two neighbours, and the seal catches nearly all of
/// the rest.
/// </summary>
public readonly record struct TrackingNumber
{
    /// <summary>Random characters: 12 × 5 = 60 bits.</summary>
    public const int RandomLength = 12;

    /// <summary>Seal characters after the random part: 3 × 5 = 15 bits.</summary>
    public const int SealLength = 3;

    /// <summary>Everything the check character covers.</summary>
    public const int PayloadLength = RandomLength + SealLength;

    /// <summary>The canonical form's length, check character included.</summary>
    public const int Length = PayloadLength + 1;

    internal const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private TrackingNumber(string canonical) => Value = canonical;

    /// <summary>The 16 characters without separators: the form used in keys and URLs.</summary>
    public string Value { get; }

    /// <summary>Grouped for reading aloud and printing: XXXX-XXXX-XXXX-XXXX.</summary>
    public string Display => $"{Value[..4]}-{Value[4..8]}-{Value[8..12]}-{Value[12..]}";

    public override string ToString() => Display;

    /// <summary>The grouped form of a stored (canonical) number; the input as is if it is not one.</summary>
    public static string ToDisplay(string canonical) =>
        TryParse(canonical, out var number) == ParseError.None ? number.Display : canonical;

    /// <summary>Assembles a number from its random part and seal, adding the check character.</summary>
    internal static TrackingNumber FromParts(ReadOnlySpan<char> random, ReadOnlySpan<char> seal)
    {
        Span<char> chars = stackalloc char[Length];
        random.CopyTo(chars);
        seal.CopyTo(chars[RandomLength..]);
        chars[PayloadLength] = CheckCharacter(chars[..PayloadLength]);
        return new TrackingNumber(new string(chars));
    }

    public enum ParseError
    {
        None,
        Format,
        CheckCharacter,
    }

    /// <summary>
    /// Reads what a citizen typed: case, spaces and hyphens don't matter, and the look-alikes Crockford
    /// allows (O→0, I/L→1) are accepted.
    /// </summary>
    public static ParseError TryParse(string? input, out TrackingNumber number)
    {
        number = default;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            return ParseError.Format;
        }

        Span<char> chars = stackalloc char[Length];
        var count = 0;
        foreach (var raw in input)
        {
            if (raw is '-' or ' ' or '\u00A0' or '\u3000')
            {
                continue;
            }

            var c = char.ToUpperInvariant(raw) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0 || count == chars.Length)
            {
                return ParseError.Format;
            }

            chars[count++] = c;
        }

        if (count != chars.Length)
        {
            return ParseError.Format;
        }

        if (CheckCharacter(chars[..PayloadLength]) != chars[PayloadLength])
        {
            return ParseError.CheckCharacter;
        }

        number = new TrackingNumber(new string(chars));
        return ParseError.None;
    }

    /// <summary>Luhn mod N over the base-32 alphabet.</summary>
    internal static char CheckCharacter(ReadOnlySpan<char> payload)
    {
        const int n = 32;
        var factor = 2;
        var sum = 0;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(payload[i], StringComparison.Ordinal);
            factor = factor == 2 ? 1 : 2;
            sum += (addend / n) + (addend % n);
        }

        var check = (n - (sum % n)) % n;
        return Alphabet[check];
    }
}
