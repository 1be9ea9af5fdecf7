using System.Globalization;
using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;
using Suggestions.Campaigns;
using Suggestions.Queueing;

namespace Suggestions.Intake;

/// <summary>
/// Checks a submission field by field and says, in Chinese a citizen understands, what to fix.
/// Lengths are counted in characters as a person counts them (one per Chinese character).
/// </summary>
public sealed partial class SuggestionValidator(TextSanitizer sanitizer)
{
    public const int TitleMaxLength = 100;
    public const int ContentMinLength = 10;
    public const int ContentMaxLength = 5000;
    public const int NameMaxLength = 50;

    public (ValidSuggestion? Suggestion, Dictionary<string, string[]> Errors) Validate(SuggestionInput input, CampaignDefinition campaign)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(campaign);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Fail(string field, string message) => errors[field] = [message];

        var title = sanitizer.Clean(input.Title);
        var content = sanitizer.Clean(input.Content);
        var titleLength = Length(title);
        var contentLength = Length(content);

        if (titleLength == 0)
        {
            Fail("title", "请填写建议标题。");
        }
        else if (titleLength > TitleMaxLength)
        {
            Fail("title", $"标题不能超过 {TitleMaxLength} 个字（现在 {titleLength} 个字）。");
        }

        if (contentLength == 0)
        {
            Fail("content", "请填写建议内容。");
        }
        else if (contentLength < ContentMinLength)
        {
            Fail("content", $"建议内容至少 {ContentMinLength} 个字，请把要解决的问题和建议写清楚。");
        }
        else if (contentLength > ContentMaxLength)
        {
            Fail("content", $"建议内容不能超过 {ContentMaxLength} 个字（现在 {contentLength} 个字），请精简，一事一题。");
        }

        var category = Blank(input.Category);
        if (category is not null && !CampaignCatalog.CategoriesOf(campaign).Contains(category, StringComparer.Ordinal))
        {
            Fail("category", "所选类别不在本次征集范围内，请从列表中选择，或留空由工作人员归类。");
        }

        var district = Blank(input.District);
        if (district is not null && !campaign.Districts.Contains(district, StringComparer.Ordinal))
        {
            Fail("district", "所选区县不在列表中，请从列表中选择，或留空。");
        }

        var name = Blank(sanitizer.Clean(input.Name));
        if (name is not null && Length(name) > NameMaxLength)
        {
            Fail("name", $"姓名不能超过 {NameMaxLength} 个字。");
        }

        var phone = NormalisePhone(input.Phone);
        if (phone is { Valid: false })
        {
            Fail("phone", "电话号码格式不正确，请填写 11 位手机号或带区号的固定电话（如 0731-28888888）。");
        }

        var email = Blank(input.Email);
        if (email is not null && !IsEmail(email))
        {
            Fail("email", "电子邮箱格式不正确，请检查（如 name@example.com）。");
        }

        var hasContact = name is not null || phone is not null || email is not null;
        var consent = input.Consent ?? false;
        if (hasContact && !consent)
        {
            Fail("consent", "留下联系方式需要先阅读并同意个人信息保护说明；如不同意，请删去联系方式后提交。");
        }

        var source = Blank(input.Source) ?? Channels.Web;
        if (source is not (Channels.Web or Channels.Qr))
        {
            Fail("source", "来源只能是 web 或 qr。");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new ValidSuggestion(title, content, category, district, name, phone?.Value, email, consent, source), errors);
    }

    /// <summary>Characters as a reader counts them (a surrogate pair or combining sequence counts once).</summary>
    public static int Length(string text) => new StringInfo(text).LengthInTextElements;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static (bool Valid, string Value)? NormalisePhone(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        // Full-width digits are common from Chinese input methods.
        var digits = raw.Normalize(NormalizationForm.FormKC);
        var compact = PhoneSeparators().Replace(digits, "");
        if (compact.StartsWith("+86", StringComparison.Ordinal))
        {
            compact = compact[3..];
        }
        else if (compact.StartsWith("0086", StringComparison.Ordinal))
        {
            compact = compact[4..];
        }

        if (MobilePattern().IsMatch(compact))
        {
            return (true, compact);
        }

        if (LandlinePattern().IsMatch(compact))
        {
            return (true, compact);
        }

        return (false, raw);
    }

    private static bool IsEmail(string value) =>
        value.Length <= 254
        && EmailPattern().IsMatch(value)
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value;

    [GeneratedRegex(@"[\s\-()（）]")]
    private static partial Regex PhoneSeparators();

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"^0\d{2,3}\d{7,8}$")]
    private static partial Regex LandlinePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
