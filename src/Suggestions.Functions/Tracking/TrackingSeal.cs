using System.Security.Cryptography;

namespace Suggestions.Tracking;

/// <summary>
/// Issues tracking numbers and recognises the ones it issued, without storage: the seal is the first 15
/// bits of HMAC-SHA256(key, random part). It lets any instance answer "received" for a number that was
/// acknowledged but not yet filed — nobody can hold a sealed number the service did not hand out in a 202,
/// short of forging it, and a forged one reveals nothing — while a number that got two typos past the check
/// character is still answered 404 (a random string carries a valid seal once in 32,768).
/// The seal is not what keeps numbers unguessable: that is the 60 random bits.
/// </summary>
public sealed class TrackingSeal
{
    /// <summary>The shortest key accepted.</summary>
    public const int MinimumKeyBytes = 16;

    private readonly byte[] _key;

    public TrackingSeal(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeyBytes)
        {
            throw new ArgumentException($"A tracking seal key needs at least {MinimumKeyBytes} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>A seal with a fresh random key.</summary>
    public static TrackingSeal CreateRandom() => new(RandomNumberGenerator.GetBytes(32));

    public TrackingNumber NewNumber()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        var bits = BitConverter.ToUInt64(bytes) >> 4; // 60 bits
        Span<char> random = stackalloc char[TrackingNumber.RandomLength];
        for (var i = random.Length - 1; i >= 0; i--)
        {
            random[i] = TrackingNumber.Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }

        Span<char> seal = stackalloc char[TrackingNumber.SealLength];
        Compute(random, seal);
        return TrackingNumber.FromParts(random, seal);
    }

    /// <summary>Whether this key sealed the number.</summary>
    public bool Sealed(TrackingNumber number)
    {
        var value = number.Value.AsSpan();
        Span<char> seal = stackalloc char[TrackingNumber.SealLength];
        Compute(value[..TrackingNumber.RandomLength], seal);
        return seal.SequenceEqual(value.Slice(TrackingNumber.RandomLength, TrackingNumber.SealLength));
    }

    private void Compute(ReadOnlySpan<char> random, Span<char> seal)
    {
        Span<byte> ascii = stackalloc byte[TrackingNumber.RandomLength];
        for (var i = 0; i < random.Length; i++)
        {
            ascii[i] = (byte)random[i];
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, ascii, mac);
        var bits = (mac[0] << 8) | mac[1];
        for (var i = 0; i < seal.Length; i++)
        {
            seal[i] = TrackingNumber.Alphabet[(bits >> (11 - (5 * i))) & 31];
        }
    }
}
