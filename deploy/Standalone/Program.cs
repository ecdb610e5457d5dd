using EvSysReview.Standalone;

StandaloneHost.Create(args).Run();
