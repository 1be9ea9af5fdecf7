using System.Security.Cryptography;

namespace Suggestions.Tracking;

/// <summary>
/// The number a citizen gets for a proposal: 60 random bits as 12 Crockford base-32 characters plus one
/// check character (Luhn mod 32), written in groups, e.g. <c>K7QM-3XDA-9PRT-W</c>. Crockford's alphabet has
/// no I, L, O or U, so it reads aloud without ambiguity, and the check character catches every single
/// mistyped character and nearly every swap of two neighbours.
/// </summary>
public readonly record struct TrackingNumber
{
    public const int PayloadLength = 12;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private TrackingNumber(string canonical) => Value = canonical;

    /// <summary>The 13 characters without separators: the form used in keys and URLs.</summary>
    public string Value { get; }

    /// <summary>Grouped for reading aloud and printing: XXXX-XXXX-XXXX-C.</summary>
    public string Display => $"{Value[..4]}-{Value[4..8]}-{Value[8..12]}-{Value[12]}";

    public override string ToString() => Display;

    /// <summary>The grouped form of a stored (canonical) number; the input as is if it is not one.</summary>
    public static string ToDisplay(string canonical) =>
        TryParse(canonical, out var number) == ParseError.None ? number.Display : canonical;

    public static TrackingNumber NewNumber()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        var bits = BitConverter.ToUInt64(bytes) >> 4; // 60 bits
        Span<char> chars = stackalloc char[PayloadLength + 1];
        for (var i = PayloadLength - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }

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

        Span<char> chars = stackalloc char[PayloadLength + 1];
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
