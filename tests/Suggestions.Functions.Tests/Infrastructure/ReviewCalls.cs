using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Suggestions.Queueing;
using Suggestions.Storage;

namespace Suggestions.Tests.Infrastructure;

/// <summary>The steps of the review tests: a proposal filed through the real queue trigger, and the review endpoints' calls.</summary>
public static class ReviewCalls
{
    /// <summary>Puts a proposal (with contact data) on the intake queue and waits until the processor has filed it.</summary>
    public static async Task<string> FileAsync(AppFactory app, string campaign, string title, string content)
    {
        _ = app.Server;
        var number = TestNumbers.New().Value;
        await app.Services.GetRequiredService<ISuggestionQueueClient>().EnqueueAsync(new SuggestionMessage(SuggestionMessage.CurrentVersion, number, null, new ProposalPayload(
            campaign, Channels.Web, DateTimeOffset.UtcNow, title, content, null, null, new ContactDetails("王芳", "13807330000", null), true)), CancellationToken.None);
        await Eventually.GetAsync(() => app.Services.GetRequiredService<ISuggestionStore>().GetAsync(number, CancellationToken.None));
        return number;
    }

    public static async Task<(JsonElement Detail, string ETag)> DetailAsync(HttpClient client, string number)
    {
        var response = await client.GetAsync($"/api/review/suggestions/{number}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement, response.Headers.ETag!.ToString());
    }

    public static async Task<HttpResponseMessage> DecideAsync(HttpClient client, string number, string? etag, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/review/suggestions/{number}/decision") { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The tracking numbers in one reviewer queue, every page.</summary>
    public static async Task<List<string>> QueueAsync(HttpClient client, string campaign, string category, string status)
    {
        var numbers = new List<string>();
        string? continuation = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>(
                $"/api/review/suggestions?campaign={campaign}&category={category}&status={status}&pageSize=200" + (continuation is null ? "" : $"&continuation={continuation}"),
                TestContext.Current.CancellationToken);
            numbers.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("trackingNumber").GetString()!.Replace("-", "", StringComparison.Ordinal)));
            continuation = page.TryGetProperty("continuation", out var c) ? c.GetString() : null;
        }
        while (continuation is not null);

        return numbers;
    }
}
