using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Suggestions.Queueing;
using Suggestions.Review;
using Suggestions.Storage;
using Suggestions.Tests.Infrastructure;

namespace Suggestions.Tests.Integration;

public sealed class ReviewAndAuthTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly AppFactory _app = new(azurite.ConnectionString);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string> StaffRoutes => new()
    {
        { "GET", "/api/review/suggestions?category=transport" },
        { "GET", $"/api/review/suggestions/{TestNumbers.New().Value}" },
        { "POST", $"/api/admin/queues/{StorageNames.IncomingQueue}/replay" },
        { "POST", $"/api/review/suggestions/{TestNumbers.New().Value}/decision" },
    };

    [Theory]
    [MemberData(nameof(StaffRoutes))]
    public async Task StaffRoute_WithoutToken_Returns401Problem(string method, string url)
    {
        using var client = _app.CreateClient();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", await IntakeTests.Code(response));
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(StaffRoutes))]
    public async Task StaffRoute_WithWrongRole_Returns403Problem(string method, string url)
    {
        using var client = _app.CreateStaffClient(StaffRoles.Official);
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", await IntakeTests.Code(response));
    }

    [Fact]
    public async Task StaffRoute_WithForgedToken_Returns401()
    {
        using var client = _app.CreateClient();
        var token = AppFactory.CreateToken(StaffRoles.Reviewer);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token[..^4] + "AAAA");
        var response = await client.GetAsync("/api/review/suggestions?category=transport", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ReviewList_NewestFirst_PagesWithContinuation_AndDetailMasksContact()
    {
        var queue = _app.Services.GetRequiredService<ISuggestionQueueClient>();
        var store = _app.Services.GetRequiredService<ISuggestionStore>();
        _ = _app.Server;
        var campaign = "zhuzhou-2023"; // a campaign of its own, so other tests' rows don't mix in
        var baseTime = DateTimeOffset.UtcNow.AddDays(-1);
        var numbers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var number = TestNumbers.New().Value;
            numbers.Add(number);
            await queue.EnqueueAsync(new SuggestionMessage(SuggestionMessage.CurrentVersion, number, null, new ProposalPayload(
                campaign, Channels.Letter, baseTime.AddMinutes(i), $"食品安全建议{i}", "建议加强天元区农贸市场的食品安全抽检，公布检测结果。",
                null, null, new ContactDetails("张伟", "13607331234", "zhangwei@example.com"), true)), CancellationToken.None);
        }

        foreach (var number in numbers)
        {
            await Eventually.GetAsync(() => store.GetAsync(number, CancellationToken.None));
        }

        using var client = _app.CreateStaffClient(StaffRoles.Reviewer);
        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var url = $"/api/review/suggestions?campaign={campaign}&category=food-safety&status=classified&pageSize=2"
                + (continuation is null ? "" : $"&continuation={continuation}");
            var page = await client.GetFromJsonAsync<JsonElement>(url, TestContext.Current.CancellationToken);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("trackingNumber").GetString()!.Replace("-", "", StringComparison.Ordinal)));
            continuation = page.TryGetProperty("continuation", out var c) ? c.GetString() : null;
            pages++;
        }
        while (continuation is not null);

        var ours = seen.Where(numbers.Contains).ToList();
        Assert.Equal(Enumerable.Reverse(numbers), ours); // newest first
        Assert.True(pages >= 3);

        var detailResponse = await client.GetAsync($"/api/review/suggestions/{numbers[0]}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, detailResponse.StatusCode);
        Assert.NotNull(detailResponse.Headers.ETag);
        var body = await detailResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("13607331234", body, StringComparison.Ordinal);
        Assert.DoesNotContain("zhangwei@", body, StringComparison.Ordinal);
        Assert.DoesNotContain("张伟", body, StringComparison.Ordinal);
        var detail = JsonDocument.Parse(body).RootElement;
        Assert.Equal("*******1234", detail.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal("food-safety", detail.GetProperty("category").GetString());
        Assert.Equal("letter", detail.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task ReviewList_AProposalWithoutChinese_ComesBeforeConfidentOnes()
    {
        // The app's own classifier (the embedded model) files both `other`, sure of each; only the Chinese one is read.
        var queue = _app.Services.GetRequiredService<ISuggestionQueueClient>();
        var store = _app.Services.GetRequiredService<ISuggestionStore>();
        _ = _app.Server;
        var campaign = "zhuzhou-2023"; // not the current call; the two rows are picked out of whatever else other tests file there
        var (english, thanks) = (TestNumbers.New().Value, TestNumbers.New().Value);
        var receivedAt = DateTimeOffset.UtcNow.AddHours(-2);
        await queue.EnqueueAsync(new SuggestionMessage(SuggestionMessage.CurrentVersion, english, null, new ProposalPayload(
            campaign, Channels.Web, receivedAt, string.Empty, "Please add more buses to the bus stop near my home in Lusong district.",
            null, null, null, true)), CancellationToken.None);
        await queue.EnqueueAsync(new SuggestionMessage(SuggestionMessage.CurrentVersion, thanks, null, new ProposalPayload(
            campaign, Channels.Web, receivedAt.AddMinutes(5), "表扬", "感谢市政府各部门一年来的辛勤工作，大家辛苦了！",
            null, null, null, true)), CancellationToken.None);
        var englishRow = await Eventually.GetAsync(() => store.GetAsync(english, CancellationToken.None));
        var thanksRow = await Eventually.GetAsync(() => store.GetAsync(thanks, CancellationToken.None));
        Assert.Equal(("other", "other"), (englishRow.Category, thanksRow.Category));
        Assert.True(englishRow.Confidence > 0.9, $"confidence {englishRow.Confidence}");
        Assert.True(englishRow.NeedsReview);
        Assert.False(thanksRow.NeedsReview);

        using var client = _app.CreateStaffClient(StaffRoles.Reviewer);
        var page = await client.GetFromJsonAsync<JsonElement>(
            $"/api/review/suggestions?campaign={campaign}&category=other&status=classified", TestContext.Current.CancellationToken);
        var order = page.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("trackingNumber").GetString()!.Replace("-", "", StringComparison.Ordinal)).ToList();
        Assert.Equal([english, thanks], order.Where(n => n == english || n == thanks)); // flagged first, though older
    }

    [Fact]
    public async Task ReviewList_MissingCategoryOrBadContinuation_Returns400()
    {
        using var client = _app.CreateStaffClient(StaffRoles.Reviewer);
        var missing = await client.GetAsync("/api/review/suggestions", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var bad = await client.GetAsync("/api/review/suggestions?category=transport&continuation=%%%", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task UserJwtsToken_FromTheSdkTool_IsAcceptedWithoutExtraFlags()
    {
        // What the README tells a developer to run, with a private HOME so no real user secrets are touched.
        var home = Directory.CreateTempSubdirectory("user-jwts-").FullName;
        var appSettings = Path.Combine(home, "appsettings.json");
        await File.WriteAllTextAsync(appSettings, "{}", TestContext.Current.CancellationToken);
        var project = Path.Combine(RepositoryRoot(), "src", "Suggestions.Functions", "Suggestions.Functions.csproj");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "user-jwts", "create", "--project", project, "--role", "reviewer", "--output", "token", "--appsettings-file", appSettings })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["HOME"] = home;
        using var process = Process.Start(start)!;
        var token = (await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)).Trim();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(3, token.Split('.').Length);

        // The signing key lands in the user secrets of the app's UserSecretsId; hand it to the app as they would be.
        var secretsFile = Directory.GetFiles(Path.Combine(home, ".microsoft", "usersecrets"), "secrets.json", SearchOption.AllDirectories).Single();
        var key = JsonDocument.Parse(await File.ReadAllTextAsync(secretsFile, TestContext.Current.CancellationToken))
            .RootElement.GetProperty("Authentication:Schemes:Bearer:SigningKeys")[0];
        await using var app = new AppFactory(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = key.GetProperty("Issuer").GetString(),
            ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = key.GetProperty("Value").GetString(),
        });
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.GetAsync("/api/review/suggestions?category=transport", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static string RepositoryRoot() => Suggestions.Testing.RepositoryRoot.Find();
}
