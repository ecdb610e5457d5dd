using EvSysReview.Extraction;
using EvSysReview.ServiceDefaults;

ServiceHost.Create(args, builder => builder.AddExtraction(), app => app.MapExtraction()).Run();
