using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Suggestions.Hosting.Local;

// Load script for the spine (issue 3): intake and drain of the real app (local mode, its own process)
// against Azurite, each next to the raw SDK doing the minimum the same job needs. Prints figures; asserts
// nothing. Intake rounds alternate raw and app on one emulator; the drains run on a fresh emulator with
// equal backlogs (the emulator's queue and table slow down as they grow).
//   dotnet build -c Release src/Suggestions.Functions
//   dotnet run -c Release --project bench/Suggestions.Benchmarks -- [--seconds 10] [--rounds 4] [--concurrency 16] [--drain 500] [--warmup 10]
var seconds = Arg("--seconds", 10);
var rounds = Arg("--rounds", 4);
var concurrency = Arg("--concurrency", 16);
var drainCount = Arg("--drain", 500);
var warmup = Arg("--warmup", 10);
var repository = FindRepository();
var appDirectory = Path.Combine(repository, "src", "Suggestions.Functions", "bin", "Release", "net10.0");
if (!File.Exists(Path.Combine(appDirectory, "Suggestions.Functions.dll")))
{
    Console.Error.WriteLine($"Build the app first: dotnet build -c Release src/Suggestions.Functions ({appDirectory} is empty)");
    return 2;
}

var sample = JsonSerializer.Serialize(new
{
    title = "建议在芦淞区建设路口增设公交候车亭",
    content = "建设路口公交站目前只有一根站牌，没有候车亭和座椅。附近有两所学校和一家社区医院，老人和学生每天在这里等车，下雨天只能站在路边淋雨。建议增设带顶棚和座椅的候车亭，并增加实时到站显示屏。",
    district = "芦淞区",
});
Console.WriteLine($"cores={Environment.ProcessorCount} concurrency={concurrency} seconds={seconds} rounds={rounds} drain={drainCount} warmup={warmup}s");

// What the raw side writes for each proposal: the same versioned message the app puts on the queue (its
// own tracking number and time, the same JSON shape and size), so the two sides do the same storage work.
var messageOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
var form = JsonSerializer.Deserialize<JsonElement>(sample);
var rawSeal = Suggestions.Tracking.TrackingSeal.CreateRandom();
string RawMessage() => JsonSerializer.Serialize(
    new Suggestions.Queueing.SuggestionMessage(Suggestions.Queueing.SuggestionMessage.CurrentVersion, rawSeal.NewNumber().Value, null,
        new Suggestions.Queueing.ProposalPayload("local-open", "web", DateTimeOffset.UtcNow, form.GetProperty("title").GetString()!, form.GetProperty("content").GetString()!,
            null, form.GetProperty("district").GetString(), null, false)),
    messageOptions);

// Intake: the minimum a durable acknowledgement needs is one queue write; the app adds HTTP, parsing,
// validation, sanitising and the versioned message around that same write. Processing is switched off.
var raw = new List<double>();
var viaApp = new List<double>();
await using (var azurite = await StartAzurite(repository))
{
    var rawQueue = new QueueClient(azurite.Settings.ConnectionString, "bench-raw", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    await rawQueue.CreateIfNotExistsAsync();
    await using var app = await AppProcess.StartAsync(appDirectory, azurite.Settings.ConnectionString, disableProcessing: true);
    using var http = new HttpClient { BaseAddress = app.BaseAddress };

    // Both sides warm up first (JIT tiering, connection pools), unmeasured: a service in a rush has been
    // running for hours, and the first seconds of a fresh process measure its start, not its rate.
    Func<Task> sendRaw = () => rawQueue.SendMessageAsync(BinaryData.FromString(RawMessage()));
    Func<Task> postToApp = () => Post(http, sample);
    await RunFor(warmup, concurrency, sendRaw);
    await RunFor(warmup, concurrency, postToApp);

    // Counterbalanced (raw, app | app, raw | ...): the emulator slows as its queues and heap grow, so a fixed
    // raw-then-app order would always hand the app the slower half of each round.
    for (var round = 0; round < rounds; round++)
    {
        var rawFirst = round % 2 == 0;
        if (rawFirst)
        {
            raw.Add(await RunFor(seconds, concurrency, sendRaw));
            viaApp.Add(await RunFor(seconds, concurrency, postToApp));
        }
        else
        {
            viaApp.Add(await RunFor(seconds, concurrency, postToApp));
            raw.Add(await RunFor(seconds, concurrency, sendRaw));
        }

        Console.WriteLine($"  round {round + 1} ({(rawFirst ? "raw first" : "app first")}): raw {raw[^1]:F0} msg/s, app {viaApp[^1]:F0} req/s");
    }
}

Console.WriteLine($"raw QueueClient.SendMessageAsync:  {raw.Average(),8:F0} msg/s");
Console.WriteLine($"POST /api/suggestions (202):       {viaApp.Average(),8:F0} req/s   ratio {viaApp.Average() / raw.Average():F2} (target >= 0.80)");

// Drain: raw receive + one upsert + delete, against the app's queue trigger (classify, row, index row,
// delete), each on a backlog of the same size queued through the same paths as intake.
await using (var azurite = await StartAzurite(repository))
{
    var connection = azurite.Settings.ConnectionString;
    var rawQueue = new QueueClient(connection, "bench-raw", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    await rawQueue.CreateIfNotExistsAsync();
    var rawTable = new TableClient(connection, "BenchRaw");
    await rawTable.CreateIfNotExistsAsync();
    var appQueue = new QueueClient(connection, "suggestions-incoming");
    await using (var app = await AppProcess.StartAsync(appDirectory, connection, disableProcessing: true))
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        await Parallel.ForEachAsync(Enumerable.Range(0, drainCount), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, ct) =>
        {
            await Post(http, sample);
            await rawQueue.SendMessageAsync(BinaryData.FromString(RawMessage()), cancellationToken: ct);
        });
    }

    // Two consumers of batches of 16, so a new batch is fetched while the previous one finishes, as the
    // host's newBatchThreshold does.
    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
    {
        while ((await rawQueue.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(5))).Value is { Length: > 0 } batch)
        {
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (m, ct) =>
            {
                await rawTable.UpsertEntityAsync(new TableEntity(m.MessageId, "detail") { ["Body"] = m.Body.ToString() }, TableUpdateMode.Replace, ct);
                await rawQueue.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
            });
        }
    }));
    var rawDrain = drainCount / stopwatch.Elapsed.TotalSeconds;
    Console.WriteLine($"raw receive+upsert+delete:         {rawDrain,8:F0} msg/s   ({drainCount} messages)");

    await using (var app = await AppProcess.StartAsync(appDirectory, connection, disableProcessing: false))
    {
        stopwatch.Restart();
        // The approximate count includes messages in flight: zero means all were deleted after processing.
        while ((await appQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            await Task.Delay(50);
        }
    }

    var appDrain = drainCount / stopwatch.Elapsed.TotalSeconds;
    Console.WriteLine($"ProcessSuggestion queue trigger:   {appDrain,8:F0} msg/s   ({drainCount} messages) ratio {appDrain / rawDrain:F2} (target >= 0.70)");
}

return 0;

static async Task<AzuriteLauncher> StartAzurite(string repository) =>
    await AzuriteLauncher.StartAsync(
        new AzuriteSettings(Path.Combine(repository, "tools", "azurite"), AzuriteSettings.FreePort(), AzuriteSettings.FreePort(), AzuriteSettings.FreePort(), null),
        CancellationToken.None);

static async Task Post(HttpClient http, string body)
{
    using var content = new StringContent(body, Encoding.UTF8, "application/json");
    using var response = await http.PostAsync(new Uri("/api/suggestions", UriKind.Relative), content);
    if ((int)response.StatusCode != 202)
    {
        throw new InvalidOperationException($"intake answered {(int)response.StatusCode}");
    }
}

static async Task<double> RunFor(int seconds, int concurrency, Func<Task> operation)
{
    for (var i = 0; i < 200; i++)
    {
        await operation(); // warm-up
    }

    var stopwatch = Stopwatch.StartNew();
    var end = TimeSpan.FromSeconds(seconds);
    var count = 0;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (stopwatch.Elapsed < end)
        {
            await operation();
            Interlocked.Increment(ref count);
        }
    }));
    return count / stopwatch.Elapsed.TotalSeconds;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string FindRepository() =>
    Suggestions.Testing.RepositoryRoot.TryFind(AppContext.BaseDirectory) ?? throw new InvalidOperationException("Run from inside the repository.");

/// <summary>The function app in local mode as its own process, on a free port.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<AppProcess> StartAsync(string appDirectory, string connection, bool disableProcessing)
    {
        var port = AzuriteSettings.FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = appDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "Suggestions.Functions.dll", "--urls", $"http://127.0.0.1:{port}", "--AzureWebJobsStorage", connection, "--Logging:LogLevel:Default", "Warning" })
        {
            start.ArgumentList.Add(argument);
        }

        if (disableProcessing)
        {
            start.ArgumentList.Add("--AzureWebJobs.ProcessSuggestion.Disabled");
            start.ArgumentList.Add("true");
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/api/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        await app.DisposeAsync();
        throw new TimeoutException("The app did not become healthy.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
