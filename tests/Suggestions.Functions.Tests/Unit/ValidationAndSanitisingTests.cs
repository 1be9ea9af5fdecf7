using Suggestions.Campaigns;
using Suggestions.Intake;

namespace Suggestions.Tests.Unit;

public sealed class ValidationAndSanitisingTests
{
    private static readonly CampaignDefinition Campaign = new()
    {
        Id = "test",
        Title = "测试征集",
        Districts = ["荷塘区", "芦淞区"],
        Categories = ["transport", "education"],
    };

    private readonly SuggestionValidator _validator = new(new TextSanitizer());

    private static SuggestionInput Valid() => new() { Title = "增设候车亭", Content = "建设路口公交站没有候车亭，下雨天等车很不方便。" };

    [Fact]
    public void Validate_MinimalProposal_IsAcceptedAsWebChannel()
    {
        var (suggestion, errors) = _validator.Validate(Valid(), Campaign);
        Assert.Empty(errors);
        Assert.Equal("web", suggestion!.Channel);
        Assert.False(suggestion.Consent);
    }

    [Fact]
    public void Validate_LengthsCountChineseCharactersNotBytes()
    {
        var atLimit = Valid() with { Title = new string('字', SuggestionValidator.TitleMaxLength), Content = new string('字', SuggestionValidator.ContentMaxLength) };
        Assert.Empty(_validator.Validate(atLimit, Campaign).Errors);

        var over = atLimit with { Title = atLimit.Title + "字", Content = atLimit.Content + "字" };
        var errors = _validator.Validate(over, Campaign).Errors;
        Assert.Contains("title", errors.Keys);
        Assert.Contains("content", errors.Keys);
    }

    [Fact]
    public void Validate_ContentShorterThanTenCharacters_IsRefused()
    {
        var errors = _validator.Validate(Valid() with { Content = "修路吧修路吧修路" }, Campaign).Errors;
        Assert.Contains("至少", errors["content"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CategoryAndDistrictOutsideCampaignLists_AreRefused()
    {
        var errors = _validator.Validate(Valid() with { Category = "health", District = "天元区" }, Campaign).Errors;
        Assert.Contains("category", errors.Keys);
        Assert.Contains("district", errors.Keys);
    }

    [Theory]
    [InlineData("13907331234", "13907331234")]
    [InlineData("139 0733 1234", "13907331234")]
    [InlineData("+86 139-0733-1234", "13907331234")]
    [InlineData("１３９０７３３１２３４", "13907331234")]
    [InlineData("0731-28888888", "073128888888")]
    public void Validate_PhoneFormats_AreNormalised(string raw, string expected)
    {
        var (suggestion, errors) = _validator.Validate(Valid() with { Phone = raw, Consent = true }, Campaign);
        Assert.Empty(errors);
        Assert.Equal(expected, suggestion!.Phone);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("23907331234")]
    [InlineData("电话号码")]
    public void Validate_BadPhone_IsRefused(string raw) =>
        Assert.Contains("phone", _validator.Validate(Valid() with { Phone = raw, Consent = true }, Campaign).Errors.Keys);

    [Fact]
    public void Validate_ContactWithoutConsent_IsRefused_AndWithConsent_Accepted()
    {
        Assert.Contains("consent", _validator.Validate(Valid() with { Email = "a@example.com" }, Campaign).Errors.Keys);
        Assert.Empty(_validator.Validate(Valid() with { Email = "a@example.com", Consent = true }, Campaign).Errors);
        Assert.Contains("email", _validator.Validate(Valid() with { Email = "a@@example", Consent = true }, Campaign).Errors.Keys);
    }

    [Fact]
    public void Validate_UnknownSource_IsRefused() =>
        Assert.Contains("source", _validator.Validate(Valid() with { Source = "fax" }, Campaign).Errors.Keys);

    [Theory]
    [InlineData("<p>建议<b>增加</b>公交班次</p>", "建议增加公交班次")]
    [InlineData("建议<script>alert('x')</script>增加班次", "建议增加班次")]
    [InlineData("<style>p{color:red}</style>多建公园", "多建公园")]
    [InlineData("<img src=x onerror=alert(1)>路灯太暗", "路灯太暗")]
    [InlineData("a &lt; b &amp; c", "a < b & c")]
    [InlineData("  第一行\r\n第二行\u0007  ", "第一行\n第二行")]
    [InlineData("没有标记的普通文字", "没有标记的普通文字")]
    public void Clean_RemovesMarkupKeepsText(string input, string expected) =>
        Assert.Equal(expected, new TextSanitizer().Clean(input));
}
