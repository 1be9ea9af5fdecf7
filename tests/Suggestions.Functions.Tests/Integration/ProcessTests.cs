using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Suggestions.Hosting.Local;
using Suggestions.Storage;
using Suggestions.Tests.Infrastructure;

namespace Suggestions.Tests.Integration;

/// <summary>The executable itself, as `dotnet run` starts it: not started by a Functions host, it runs local mode.</summary>
public sealed class ProcessTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Executable_WithoutFunctionsHost_ServesLocalModeOnTheUrlsGiven()
    {
        var port = AzuriteSettings.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "Suggestions.Functions.dll", "--urls", $"http://127.0.0.1:{port}", "--AzureWebJobsStorage", azurite.ConnectionString })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.GetAsync(async () =>
            {
                try
                {
                    using var health = await http.GetAsync("/api/health");
                    return health.StatusCode == HttpStatusCode.OK ? "healthy" : null;
                }
                catch (HttpRequestException)
                {
                    return null; // not listening yet
                }
            }, TimeSpan.FromSeconds(60));

            var response = await http.PostAsJsonAsync("/api/suggestions", new { title = "公厕改造", content = "石峰区清水塘公园的公厕年久失修，建议改造并增设无障碍厕位。" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var key = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken))
                .GetProperty("trackingNumber").GetString()!.Replace("-", "", StringComparison.Ordinal);

            // Its own queue listener files the proposal.
            var table = new TableClient(azurite.ConnectionString, StorageNames.SuggestionsTable);
            var row = await Eventually.GetAsync(async () =>
            {
                var found = await table.GetEntityIfExistsAsync<TableEntity>(key, "detail");
                return found.HasValue ? found.Value : null;
            });
            Assert.Equal(SuggestionStatus.Classified, row!.GetString("Status"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }
}
