using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Suggestions.Storage;
using Suggestions.Tests.Infrastructure;

namespace Suggestions.Tests.Integration;

public sealed class IntakeTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly AppFactory _app = new(azurite.ConnectionString);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static object Proposal(string title = "增设公交候车亭", string content = "芦淞区建设路口附近的公交站没有候车亭，老人下雨天等车很不方便，建议增设。") =>
        new { title, content };

    [Fact]
    public async Task Submit_ValidJson_Returns202ThenRowIsClassified()
    {
        using var client = _app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/suggestions", Proposal(), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var trackingNumber = receipt.GetProperty("trackingNumber").GetString()!;
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", trackingNumber);
        Assert.Equal("received", receipt.GetProperty("status").GetString());
        Assert.EndsWith("+08:00", receipt.GetProperty("receivedAt").GetString(), StringComparison.Ordinal);
        var statusUrl = receipt.GetProperty("statusUrl").GetString()!;
        Assert.Equal(statusUrl, response.Headers.Location!.ToString());

        var store = _app.Services.GetRequiredService<ISuggestionStore>();
        var key = trackingNumber.Replace("-", "", StringComparison.Ordinal);
        var row = await Eventually.GetAsync(() => store.GetAsync(key, CancellationToken.None));
        Assert.Equal(SuggestionStatus.Classified, row.Status);
        Assert.Equal("transport", row.Category);
        Assert.Equal("芦淞区", row.District);
        Assert.Equal("local-open", row.CampaignId);

        // The public status page now shows it, without any text or contact data.
        var status = await client.GetFromJsonAsync<JsonElement>(new Uri(statusUrl).PathAndQuery, TestContext.Current.CancellationToken);
        Assert.Equal("classified", status.GetProperty("status").GetString());
        Assert.Equal("transport", status.GetProperty("category").GetString());
        Assert.False(status.TryGetProperty("content", out _));
        Assert.False(status.TryGetProperty("title", out _));
    }

    [Fact]
    public async Task Submit_PlainHtmlForm_IsAcceptedAndSanitised()
    {
        using var client = _app.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["title"] = "<b>社区食堂</b>",
            ["content"] = "建议在石峰区<script>alert('x')</script>田心街道开办老年人社区食堂，方便独居老人吃饭。",
            ["name"] = "王建国",
            ["phone"] = "139 0733 1234",
            ["consent"] = "on",
            ["source"] = "qr",
        });
        var response = await client.PostAsync("/api/suggestions", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var key = receipt.GetProperty("trackingNumber").GetString()!.Replace("-", "", StringComparison.Ordinal);
        var store = _app.Services.GetRequiredService<ISuggestionStore>();
        var row = await Eventually.GetAsync(() => store.GetAsync(key, CancellationToken.None));
        Assert.Equal("社区食堂", row.Title);
        Assert.Equal("建议在石峰区田心街道开办老年人社区食堂，方便独居老人吃饭。", row.Content);
        Assert.Equal("qr", row.Channel);
        Assert.Equal("13907331234", row.Contact?.Phone);
    }

    [Fact]
    public async Task Submit_SameIdempotencyKeyTwice_ReturnsSameNumberAndStoresOneProposal()
    {
        using var client = _app.CreateClient();
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Post(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/suggestions") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        var first = await Post(Proposal(content: "天元区泰山路小学门口早晚高峰拥堵，建议设置临时停车接送区和护学岗。"));
        var second = await Post(Proposal(content: "天元区泰山路小学门口早晚高峰拥堵，建议设置临时停车接送区和护学岗。"));
        var different = await Post(Proposal(content: "另一条完全不同的建议内容，关于社区图书室延长开放时间。"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var a = (await first.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("trackingNumber").GetString();
        var b = (await second.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("trackingNumber").GetString();
        Assert.Equal(a, b);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Equal("idempotency_key_reused", await Code(different));

        // Exactly one message was queued for that number: one row, and the index holds it once.
        var store = _app.Services.GetRequiredService<ISuggestionStore>();
        var trackingKey = a!.Replace("-", "", StringComparison.Ordinal);
        var row = await Eventually.GetAsync(() => store.GetAsync(trackingKey, CancellationToken.None));
        var listed = await ListAll(store, row.CampaignId, row.Category, row.Status);
        Assert.Single(listed, i => i.TrackingNumber == trackingKey);
    }

    [Fact]
    public async Task Submit_InvalidFields_Returns400WithChineseFieldErrors()
    {
        using var client = _app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/suggestions", new
        {
            title = new string('长', 101),
            content = "太短",
            category = "space-travel",
            district = "海淀区",
            phone = "12345",
            email = "not-an-email",
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "title", "content", "category", "district", "phone", "email", "consent" })
        {
            Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}");
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", messages[0].GetString()!);
        }
    }

    [Fact]
    public async Task Submit_MalformedJson_Returns400()
    {
        using var client = _app.CreateClient();
        using var content = new StringContent("{\"title\": ", Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/suggestions", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed_body", await Code(response));
    }

    [Fact]
    public async Task Submit_BodyOver64KiB_Returns413()
    {
        using var client = _app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/suggestions", Proposal(content: new string('字', 30_000)), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", await Code(response));
    }

    [Fact]
    public async Task Submit_WrongMediaType_Returns415()
    {
        using var client = _app.CreateClient();
        using var content = new StringContent("title=x", Encoding.UTF8, "text/plain");
        var response = await client.PostAsync("/api/suggestions", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", await Code(response));
    }

    [Fact]
    public async Task Status_UnknownNumber_Returns404_AndTypo_Returns400()
    {
        using var client = _app.CreateClient();
        var unknown = TestNumbers.New();
        var notFound = await client.GetAsync($"/api/suggestions/{unknown.Display}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("suggestion_not_found", await Code(notFound));

        var typo = unknown.Value[..5] + (unknown.Value[5] == 'A' ? 'B' : 'A') + unknown.Value[6..];
        var bad = await client.GetAsync($"/api/suggestions/{typo}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("invalid_tracking_number", await Code(bad));
    }

    [Fact]
    public async Task CategoriesAndCampaign_DescribeTheOpenCall()
    {
        using var client = _app.CreateClient();
        var categories = await client.GetFromJsonAsync<JsonElement>("/api/categories", TestContext.Current.CancellationToken);
        Assert.Equal(13, categories.GetArrayLength());
        Assert.Contains(categories.EnumerateArray(), c => c.GetProperty("code").GetString() == "food-safety" && c.GetProperty("name").GetString() == "食品安全");

        var campaign = await client.GetFromJsonAsync<JsonElement>("/api/campaigns/current", TestContext.Current.CancellationToken);
        Assert.Equal("local-open", campaign.GetProperty("id").GetString());
        Assert.True(campaign.GetProperty("isOpen").GetBoolean());
        Assert.Equal(4, campaign.GetProperty("criteria").GetArrayLength());
    }

    internal static async Task<string?> Code(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("code").GetString();
    }

    internal static async Task<List<ReviewListItem>> ListAll(ISuggestionStore store, string campaign, string category, string status)
    {
        var all = new List<ReviewListItem>();
        string? token = null;
        do
        {
            var page = await store.ListAsync(campaign, category, status, token, 100, CancellationToken.None);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return all;
    }
}
