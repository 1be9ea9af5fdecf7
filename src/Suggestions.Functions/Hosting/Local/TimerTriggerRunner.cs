using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace Suggestions.Hosting.Local;

/// <summary>Runs a timer-triggered function on its NCrontab schedule (six fields, with seconds) or TimeSpan.</summary>
public sealed partial class TimerTriggerRunner(
    FunctionInvoker function,
    string schedule,
    bool runOnStartup,
    TimeProvider time,
    IServiceScopeFactory scopes,
    ILogger<TimerTriggerRunner> logger) : BackgroundService
{
    public string FunctionName => function.Metadata.Name;

    public static Func<DateTime, DateTime> ParseSchedule(string schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (TimeSpan.TryParse(schedule, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return last => last + interval;
        }

        var cron = CrontabSchedule.Parse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 });
        return cron.GetNextOccurrence;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var next = ParseSchedule(schedule);
        DateTime? last = null;
        if (runOnStartup)
        {
            await RunOnceAsync(last, time.GetUtcNow().UtcDateTime, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var due = next(now);
            try
            {
                await Task.Delay(due - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RunOnceAsync(last, due, stoppingToken);
            last = due;
        }
    }

    private async Task RunOnceAsync(DateTime? last, DateTime due, CancellationToken stoppingToken)
    {
        var info = new TimerInfo
        {
            IsPastDue = time.GetUtcNow().UtcDateTime - due > TimeSpan.FromSeconds(30),
            ScheduleStatus = new ScheduleStatus { Last = last ?? DateTime.MinValue, Next = due, LastUpdated = time.GetUtcNow().UtcDateTime },
        };
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await function.InvokeAsync(new InvocationInput(scope.ServiceProvider, stoppingToken, Timer: info));
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // As under the host: a failed run is logged and the schedule goes on.
            LogRunFailed(logger, e, FunctionName);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string function);
}
