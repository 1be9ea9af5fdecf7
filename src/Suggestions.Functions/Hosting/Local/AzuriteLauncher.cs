using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Suggestions.Hosting.Local;

/// <summary>Where and how to run the storage emulator.</summary>
public sealed record AzuriteSettings(
    string ToolDirectory,
    int BlobPort,
    int QueuePort,
    int TablePort,
    string? DataDirectory)
{
    /// <summary>The emulator's published development account (documented, not a secret).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>Finds <c>tools/azurite</c> (the pinned npm package) above <paramref name="start"/>.</summary>
    public static string? FindToolDirectory(params string[] start)
    {
        foreach (var origin in start)
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tools", "azurite");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Starts Azurite from the npm package pinned in <c>tools/azurite</c> (installing it with <c>npm ci</c> from
/// the committed lock file on first use) and stops it on dispose. Used by local mode when no emulator is
/// listening, and by the tests and benchmarks with in-memory storage on free ports.
/// </summary>
public sealed class AzuriteLauncher : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private AzuriteLauncher(AzuriteSettings settings, Process process, StringBuilder output)
    {
        Settings = settings;
        _process = process;
        _output = output;
    }

    public AzuriteSettings Settings { get; }

    public static async Task<AzuriteLauncher> StartAsync(AzuriteSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var script = Path.Combine(settings.ToolDirectory, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            await InstallAsync(settings.ToolDirectory, cancellationToken);
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = settings.ToolDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            script,
            "--blobHost", "127.0.0.1", "--blobPort", $"{settings.BlobPort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{settings.QueuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{settings.TablePort}",
            // Our SDK packages may speak a newer service version than this emulator release knows.
            "--skipApiVersionCheck",
            "--disableTelemetry",
            // No access log: a line per request costs the emulator time under load.
            "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (settings.DataDirectory is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(settings.DataDirectory);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(settings.DataDirectory);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var launcher = new AzuriteLauncher(settings, process, output);
        try
        {
            await launcher.WaitUntilListeningAsync(cancellationToken);
        }
        catch
        {
            await launcher.DisposeAsync();
            throw;
        }

        return launcher;
    }

    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode}: {Output}");
            }

            if (await IsListeningAsync(Settings.BlobPort, cancellationToken)
                && await IsListeningAsync(Settings.QueuePort, cancellationToken)
                && await IsListeningAsync(Settings.TablePort, cancellationToken))
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"Azurite did not listen within 60 s: {Output}");
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 16_384)
            {
                output.AppendLine(line);
            }
        }
    }

    private static async Task InstallAsync(string toolDirectory, CancellationToken cancellationToken)
    {
        var npm = new ProcessStartInfo("npm")
        {
            WorkingDirectory = toolDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            npm.ArgumentList.Add(argument);
        }

        using var process = Process.Start(npm) ?? throw new InvalidOperationException("Could not start npm; install Node.js (see README).");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'npm ci' in {toolDirectory} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
