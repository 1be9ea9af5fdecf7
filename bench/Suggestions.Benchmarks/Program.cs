using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Suggestions.Hosting.Local;

// Load script for the spine (issue 3): intake and drain of the real app against the same Azurite, each
// compared with the raw SDK doing the minimum the same job needs. Prints figures; asserts nothing.
//   dotnet run -c Release --project bench/Suggestions.Benchmarks -- [--seconds 20] [--concurrency 16]
var seconds = Arg("--seconds", 20);
var concurrency = Arg("--concurrency", 16);
var repository = FindRepository();
var appDirectory = Path.Combine(repository, "src", "Suggestions.Functions", "bin", "Release", "net10.0");
if (!File.Exists(Path.Combine(appDirectory, "Suggestions.Functions.dll")))
{
    Console.Error.WriteLine($"Build the app first: dotnet build -c Release src/Suggestions.Functions ({appDirectory} is empty)");
    return 2;
}

var settings = new AzuriteSettings(Path.Combine(repository, "tools", "azurite"), AzuriteSettings.FreePort(), AzuriteSettings.FreePort(), AzuriteSettings.FreePort(), null);
await using var azurite = await AzuriteLauncher.StartAsync(settings, CancellationToken.None);
var connection = settings.ConnectionString;
var rawQueue = new QueueClient(connection, "bench-raw", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
await rawQueue.CreateIfNotExistsAsync();
var rawTable = new TableClient(connection, "BenchRaw");
await rawTable.CreateIfNotExistsAsync();
var appQueue = new QueueClient(connection, "suggestions-incoming");

Console.WriteLine($"cores={Environment.ProcessorCount} concurrency={concurrency} seconds={seconds}");
var sample = JsonSerializer.Serialize(new
{
    title = "建议在芦淞区建设路口增设公交候车亭",
    content = "建设路口公交站目前只有一根站牌，没有候车亭和座椅。附近有两所学校和一家社区医院，老人和学生每天在这里等车，下雨天只能站在路边淋雨。建议增设带顶棚和座椅的候车亭，并增加实时到站显示屏。",
    district = "芦淞区",
});

// 1. Raw intake: the minimum a durable acknowledgement needs, one queue write per proposal.
var rawIntake = await RunFor(seconds, concurrency, async _ =>
    await rawQueue.SendMessageAsync(BinaryData.FromString(sample)));
Console.WriteLine($"raw QueueClient.SendMessageAsync:        {rawIntake,10:F0} msg/s");

// 2. The app's intake over HTTP, processing switched off so only intake is measured.
double appIntake;
await using (var app = await AppProcess.StartAsync(appDirectory, connection, disableProcessing: true))
{
    using var http = new HttpClient { BaseAddress = app.BaseAddress };
    appIntake = await RunFor(seconds, concurrency, async _ =>
    {
        using var content = new StringContent(sample, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/suggestions", content);
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"intake answered {(int)response.StatusCode}");
        }
    });
}

Console.WriteLine($"POST /api/suggestions (202):             {appIntake,10:F0} req/s   ratio {appIntake / rawIntake:F2} (target >= 0.80)");

// 3. Raw drain: receive, upsert one entity, delete — the same concurrency the host's settings give.
var backlog = (await rawQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
var rawDrain = await Drain(rawQueue, backlog, async () =>
{
    var batch = (await rawQueue.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(5))).Value;
    await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (m, ct) =>
    {
        var entity = new TableEntity(m.MessageId, "detail") { ["Body"] = m.Body.ToString() };
        await rawTable.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
        await rawQueue.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
    });
    return batch.Length;
});
Console.WriteLine($"raw dequeue+upsert+delete:               {rawDrain,10:F0} msg/s   ({backlog} messages)");

// 4. The app's queue-triggered processing draining what intake queued (classify, row, index row, delete).
var appBacklog = (await appQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
double appDrain;
await using (var app = await AppProcess.StartAsync(appDirectory, connection, disableProcessing: false))
{
    appDrain = await Drain(appQueue, appBacklog, poll: null);
}

Console.WriteLine($"ProcessSuggestion queue trigger:         {appDrain,10:F0} msg/s   ({appBacklog} messages) ratio {appDrain / rawDrain:F2} (target >= 0.70)");
return 0;

static async Task<double> RunFor(int seconds, int concurrency, Func<int, Task> operation)
{
    // Warm-up, then count completed operations in the window.
    for (var i = 0; i < 50; i++)
    {
        await operation(i);
    }

    var stopwatch = Stopwatch.StartNew();
    var end = TimeSpan.FromSeconds(seconds);
    var count = 0;
    var workers = Enumerable.Range(0, concurrency).Select(async w =>
    {
        while (stopwatch.Elapsed < end)
        {
            await operation(w);
            Interlocked.Increment(ref count);
        }
    });
    await Task.WhenAll(workers);
    return count / stopwatch.Elapsed.TotalSeconds;
}

static async Task<double> Drain(QueueClient queue, int backlog, Func<Task<int>>? poll)
{
    var stopwatch = Stopwatch.StartNew();
    if (poll is not null)
    {
        var done = 0;
        while (done < backlog)
        {
            var n = await poll();
            if (n == 0 && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
            {
                break;
            }

            done += n;
        }
    }
    else
    {
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            await Task.Delay(50);
        }
    }

    return backlog / stopwatch.Elapsed.TotalSeconds;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string FindRepository()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Suggestions.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run from inside the repository.");
}

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
        foreach (var a in new[] { "Suggestions.Functions.dll", "--urls", $"http://127.0.0.1:{port}", "--AzureWebJobsStorage", connection, "--Logging:LogLevel:Default", "Warning" })
        {
            start.ArgumentList.Add(a);
        }

        if (disableProcessing)
        {
            start.ArgumentList.Add("--AzureWebJobs.ProcessSuggestion.Disabled");
            start.ArgumentList.Add("true");
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync("/api/health")).IsSuccessStatusCode)
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
