using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Suggestions.Campaigns;
using Suggestions.Storage;
using Suggestions.Tests.Infrastructure;

namespace Suggestions.Tests.Integration;

public sealed class PersonalDataTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly AppFactory _app;

    public PersonalDataTests(AzuriteFixture azurite)
    {
        _app = new AppFactory(azurite.ConnectionString, services: s => s.AddSingleton<ILoggerProvider>(_logs));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task IntakeAndProcessing_LogTrackingNumbers_NeverTextOrContactData()
    {
        using var client = _app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/suggestions", new
        {
            title = "独居老人助餐点",
            content = "我住在荷塘区桂花小区，身份证430202195503031234，希望社区开办老年助餐点，方便独居老人。",
            name = "赵桂兰",
            phone = "13974123456",
            email = "zhaoguilan@example.com",
            consent = true,
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var key = receipt.GetProperty("trackingNumber").GetString()!.Replace("-", "", StringComparison.Ordinal);
        var store = _app.Services.GetRequiredService<ISuggestionStore>();
        await Eventually.GetAsync(() => store.GetAsync(key, CancellationToken.None));

        var all = string.Join('\n', _logs.Lines);
        Assert.Contains(key, all, StringComparison.Ordinal); // the number is logged ...
        foreach (var secret in new[] { "赵桂兰", "13974123456", "zhaoguilan", "430202195503031234", "桂花小区", "独居老人助餐点" })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal); // ... nothing the citizen wrote is
        }
    }

    [Fact]
    public async Task Counts_PerCategoryAndStatus_ComeFromTheIndexPartitions()
    {
        _ = _app.Server;
        var store = _app.Services.GetRequiredService<ISuggestionStore>();
        var campaign = "count-" + Guid.NewGuid().ToString("N")[..8];
        var queue = _app.Services.GetRequiredService<Queueing.ISuggestionQueueClient>();
        var numbers = new List<string>();
        foreach (var content in new[] { "建议增加公交线路和公交站台。", "建议在学校门口设置护学岗，幼儿园增加学位。", "公交车班次太少，建议增加公交班次。" })
        {
            var number = TestNumbers.New().Value;
            numbers.Add(number);
            await queue.EnqueueAsync(new Queueing.SuggestionMessage(1, number, null, new Queueing.ProposalPayload(
                campaign, "web", DateTimeOffset.UtcNow, "建议", content, null, null, null, false)), CancellationToken.None);
        }

        foreach (var number in numbers)
        {
            await Eventually.GetAsync(() => store.GetAsync(number, CancellationToken.None));
        }

        var counts = await store.CountAsync(campaign, CategoryCatalog.All.Select(c => c.Code), CancellationToken.None);
        Assert.Equal(2, counts[("transport", SuggestionStatus.Classified)]);
        Assert.Equal(1, counts[("education", SuggestionStatus.Classified)]);
        Assert.Equal(2, counts.Count);
    }
}
