using Suggestions.Queueing;

namespace Suggestions.Review;

/// <summary>Masks personal data for screens that need to know it exists, not what it is.</summary>
public static class ContactMasking
{
    public static MaskedContact? Mask(ContactDetails? contact) =>
        contact is null ? null : new MaskedContact(MaskName(contact.Name), MaskPhone(contact.Phone), MaskEmail(contact.Email));

    /// <summary>Keeps the family name (first character): 王建国 → 王**.</summary>
    public static string? MaskName(string? name) =>
        string.IsNullOrEmpty(name) ? name : string.Concat(name.AsSpan(0, 1), new string('*', Math.Max(1, name.Length - 1)));

    /// <summary>Keeps the last four digits only: 13907331234 → *******1234.</summary>
    public static string? MaskPhone(string? phone) =>
        string.IsNullOrEmpty(phone) ? phone : phone.Length <= 4 ? new string('*', phone.Length) : string.Concat(new string('*', phone.Length - 4), phone.AsSpan(phone.Length - 4));

    /// <summary>Keeps the first character and the domain: wang@example.com → w***@example.com.</summary>
    public static string? MaskEmail(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return email;
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : string.Concat(email.AsSpan(0, 1), "***", email.AsSpan(at));
    }
}
