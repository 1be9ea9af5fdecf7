using System.Buffers.Text;
using System.Text;

namespace Suggestions.Common;

/// <summary>
/// Makes the storage SDK's continuation token opaque and URL-safe (base64url), so clients pass it back
/// untouched and never build one themselves.
/// </summary>
public static class ContinuationToken
{
    public static string? Encode(string? token) =>
        token is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token));

    /// <summary>Null when absent; Valid=false when it is not one we issued.</summary>
    public static (bool Valid, string? Value)? Decode(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            return null;
        }

        if (encoded.Length > 2048 || !Base64Url.IsValid(encoded))
        {
            return (false, null);
        }

        try
        {
            return (true, new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(encoded)));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return (false, null);
        }
    }
}
