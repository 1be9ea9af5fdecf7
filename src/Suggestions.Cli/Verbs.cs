namespace Suggestions.Cli;

/// <summary>Dispatches the verb; a bad command line gets one line saying what is wrong and exit code 2.</summary>
internal static class Verbs
{
    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        try
        {
            if (args.Length == 0 || CommandOptions.For(args[0]) is not { } known)
            {
                return Usage(error);
            }

            // An option the verb does not read is refused here, before any work (CommandOptions).
            var options = CommandLine.Parse(args[1..], known, args[0]);
            return args[0] switch
            {
                "classify" => ClassifyCommand.Run(options),
                "evaluate" => EvaluateCommand.Run(options),
                "cv" => TrainCommand.CrossValidate(options),
                "holdout" => TrainCommand.HoldOut(options),
                "calibrate" => await CalibrateCommand.RunAsync(options).ConfigureAwait(false),
                "train" => await TrainCommand.RunAsync(options).ConfigureAwait(false),
                _ => Usage(error),
            };
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or FormatException)
        {
            // A missing option, a wrong path or a number that is not one: say what, not a stack trace.
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (StorageFailure(e) is { } failure)
        {
            // Table storage (corrections, reviewed categories) unreachable or refusing: not the command line's fault.
            error.WriteLine($"error: table storage: {failure.Message} (check --storage or AzureWebJobsStorage)");
            return 3;
        }
    }

    /// <summary>The storage error behind <paramref name="e"/> (the client's retries wrap it in an AggregateException), or null.</summary>
    private static Azure.RequestFailedException? StorageFailure(Exception e) => e switch
    {
        Azure.RequestFailedException failure => failure,
        AggregateException aggregate => aggregate.InnerExceptions.Select(StorageFailure).FirstOrDefault(f => f is not null),
        _ => null,
    };

    private static int Usage(TextWriter error)
    {
        error.WriteLine("""
            usage: suggestions <verb> [options]
              classify [--model FILE] [--districts LIST|FILE] [--contact-mask true|false]   JSON Lines {id,title,text} on stdin → one answer per line on stdout
                       --districts: the city's districts, comma-separated or one per line, aliases as 马栏山=开福区
                       (default: Zhuzhou's)
              evaluate --data FILE|DIR [--model FILE] [--districts LIST|FILE] [--contact-mask true|false] [--baseline keyword] [--show-errors N] [--by-length]
                       [--second-review FILE]   a blind second reviewer's labels, scored like the model
              train    --out FILE|DIR [--data DIR] [--corrections] [--storage CONNECTION_STRING] [--calibrate-on FILE|DIR [--calibrate-share S] [--calibrate-seed N] [--calibrate-seeds N,N...] [--calibrate-hints [--min-hint-positives N]]]
                       [--algorithm ensemble|logistic-regression|naive-bayes] [--folds N]
                       [--regularization L2[,L2...]] [--hint-regularization L2] [--hint-ensemble [false]] [--hint-bayes-structure]
                       [--intro-share S] [--intro-weight W] [--intro-category-weight W]
                       [--crop-share S] [--crop-weight W] [--crop-min-chars N] [--crop-max-chars N]
                       [--nb-mix X] [--nb-alpha A]
                       [--min-df N] [--lexicon-scale X] [--also-share S] [--seed N]
                       [--category-structure] [--no-category-cues]
                       [--broad-lexicon merge|separate|none] [--broad-lexicon-dir DIR] [--broad-min-agreement X]
                       [--broad-cues [false]] [--term-weight W] [--longest-match [false]] [--prior corpus|uniform]
                       [--campaign-terms LIST|none]   words naming the call itself, not read by the classifier
                       (default 民生实事,实事项目,民生项目,重点民生,征集) [--campaign-terms-in-training]   nor by the trainer
                       [--channel-terms LIST|none]   the hotline's names and a board's field labels, not read by the classifier
                       (default 12345热线, 12345, 市长热线 …, 留言时间, 留言内容 …)
                       [--courtesy-terms LIST|none]   forms of address, courtesy formulas, contact labels and suggestion formulas,
                       read by neither trainer nor classifier (default 尊敬的领导, 您好, 此致, 敬礼, 盼复, 望领导重视, 望采纳 …,
                       联系电话, 联系人 …, 以上是我的一点想法, 我的建议是, 仅供参考 …)
                       [--closing-terms LIST|none]   formulas not read where they close the content (default none; e.g. 谢谢,谢谢领导)
                       [--salutations [false]]   a salutation to an official by name or rank that opens the content
                       (尊敬的张市长：, 王书记您好) not read by the classifier (default on)
                       [--contact-mask [false]]   the addressee of an earlier contact (跟居委会说了, 找过社区) not read by the
                       model's classifier (default off; classify/evaluate --contact-mask true|false override it for any model)
                       (docs/classifier.md lists the rest)
              cv       [--data DIR] [training options as for train] [--verbose]   out-of-fold figures of the category model
              holdout  --batches PREFIX [--data DIR] [--recalibrate-on FILE|DIR [--calibrate-share S]] [training options as for train]
                       every corpus batch named PREFIX… classified by a full model trained without it
                       (and by that model recalibrated on the reviewed texts of --recalibrate-on)
              calibrate --data FILE|DIR --out FILE|DIR [--model FILE] [--target-precision P] [--isotonic false] [--folds N] [--seed N] [--fit-prior] [--fit-hints [--min-hint-positives N]]
                       refit confidence calibration and review threshold on reviewed texts (same weights, new version);
                       --fit-prior: their category mix too (answers can change); --fit-hints: the hint thresholds too,
                       on the texts' hint labels (--data only), for each hint with ≥ N positive texts (default 30)
              calibrate --reviewed --out FILE|DIR [--storage CONNECTION_STRING] [--campaign ID] [--since DATE]
                       [--actions accept,recategorise] [options as above]
                       the same on the categories reviewers' decisions left (table ReviewedCategories)
            """);
        return 2;
    }
}
