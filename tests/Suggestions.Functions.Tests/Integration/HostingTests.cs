using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Suggestions.Hosting.Local;
using Suggestions.Tests.Infrastructure;

namespace Suggestions.Tests.Integration;

public sealed class HostingTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly AppFactory _app = new(azurite.ConnectionString);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task LocalMode_ServesExactlyTheFunctionsInTheGeneratedMetadata()
    {
        _ = _app.Server;

        // Read the SDK's file on our own, independently of the code under test.
        var metadataPath = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        using var metadata = JsonDocument.Parse(await File.ReadAllTextAsync(metadataPath, TestContext.Current.CancellationToken));
        var declaredHttp = new SortedSet<string>(StringComparer.Ordinal);
        var declaredQueues = new SortedSet<string>(StringComparer.Ordinal);
        var declaredTimers = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var function in metadata.RootElement.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString()!;
            var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            var type = trigger.GetProperty("type").GetString();
            if (type == "httpTrigger")
            {
                var methods = string.Join(',', trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order(StringComparer.Ordinal));
                declaredHttp.Add($"{name} {methods} /api/{trigger.GetProperty("route").GetString()}");
            }
            else if (type == "queueTrigger")
            {
                declaredQueues.Add($"{name} {trigger.GetProperty("queueName").GetString()}");
            }
            else
            {
                declaredTimers.Add(name);
            }
        }

        var servedHttp = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<LocalFunctionEndpoint>() is { } function)
            {
                var methods = string.Join(',', endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Order(StringComparer.Ordinal));
                servedHttp.Add($"{function.FunctionName} {methods} {endpoint.RoutePattern.RawText}");
            }
        }

        var hosted = _app.Services.GetServices<IHostedService>().ToList();
        var servedQueues = new SortedSet<string>(hosted.OfType<QueueTriggerListener>().Select(l => $"{l.FunctionName} {l.QueueName}"), StringComparer.Ordinal);
        var servedTimers = new SortedSet<string>(hosted.OfType<TimerTriggerRunner>().Select(t => t.FunctionName), StringComparer.Ordinal);

        Assert.NotEmpty(declaredHttp);
        Assert.NotEmpty(declaredQueues);
        Assert.Equal(declaredHttp, servedHttp);
        Assert.Equal(declaredQueues, servedQueues);
        Assert.Equal(declaredTimers, servedTimers);
    }

    [Fact]
    public async Task Health_WithStorageUp_Returns200()
    {
        using var client = _app.CreateClient();
        var response = await client.GetAsync("/api/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownRoute_ReturnsProblemDetails404()
    {
        using var client = _app.CreateClient();
        var response = await client.GetAsync("/api/no-such-thing", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>Storage unreachable: the app still starts and answers clearly instead of failing or hanging.</summary>
public sealed class StorageDownTests : IAsyncLifetime
{
    private readonly AppFactory _app;

    public StorageDownTests()
    {
        var deadPort = AzuriteSettings.FreePort();
        var settings = new AzuriteSettings("unused", deadPort, deadPort, deadPort, null);
        _app = new AppFactory(settings.ConnectionString, new Dictionary<string, string?> { ["Local:StartAzurite"] = "false" }, waitForStorage: false);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Submit_WhenStorageIsDown_Returns503WithRetryAfter()
    {
        using var client = _app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/suggestions", new { title = "路灯维修", content = "石峰区响石岭的路灯坏了很久，晚上出行不安全，建议尽快维修。" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("storage_unavailable", await IntakeTests.Code(response));
        Assert.Contains("尚未保存", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal); // resubmit
    }

    [Fact]
    public async Task Health_WhenStorageIsDown_Returns503()
    {
        using var client = _app.CreateClient();
        var response = await client.GetAsync("/api/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Status_WhenStorageIsDown_Returns503()
    {
        using var client = _app.CreateClient();
        var response = await client.GetAsync($"/api/suggestions/{TestNumbers.New().Value}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("storage_unavailable", await IntakeTests.Code(response));

        // A lookup must not tell a citizen their proposal was not saved (they would send it again).
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("尚未保存", body, StringComparison.Ordinal);
        Assert.Contains("不受影响", body, StringComparison.Ordinal);
    }
}

/// <summary>The 2023 Zhuzhou call closed on 2022-11-22: submissions get a clear 422.</summary>
public sealed class ClosedCampaignTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly AppFactory _app = new(azurite.ConnectionString, new Dictionary<string, string?> { ["Campaigns:Current"] = "zhuzhou-2023" });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Submit_AfterDeadline_Returns422CampaignClosed()
    {
        using var client = _app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/suggestions", new { title = "公交线路", content = "建议开通醴陵市到株洲高铁西站的城际公交，方便群众出行。" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("campaign_closed", await IntakeTests.Code(response));

        var campaign = await client.GetFromJsonAsync<JsonElement>("/api/campaigns/current", TestContext.Current.CancellationToken);
        Assert.False(campaign.GetProperty("isOpen").GetBoolean());
        Assert.Equal("2022-11-23T00:00:00+08:00", campaign.GetProperty("closes").GetString());
        Assert.Equal("2023年株洲市重点民生实事项目征集", campaign.GetProperty("emailSubjectTag").GetString());
    }
}
