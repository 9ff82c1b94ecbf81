package rest

import "mltui/client"

// Wire types mirror MLflow's proto JSON. They are decoded leniently (see
// decode.go) and converted to the client domain types, so the rest of mltui
// never sees wire quirks. Unknown fields are ignored by encoding/json.

type wireTag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func tags(in []wireTag) []client.Tag {
	if in == nil {
		return nil
	}
	out := make([]client.Tag, len(in))
	for i, t := range in {
		out[i] = client.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

func params(in []wireTag) []client.Param {
	if in == nil {
		return nil
	}
	out := make([]client.Param, len(in))
	for i, t := range in {
		out[i] = client.Param{Key: t.Key, Value: t.Value}
	}
	return out
}

type wireMetric struct {
	Key           string    `json:"key"`
	Value         flexFloat `json:"value"`
	Timestamp     flexInt   `json:"timestamp"`
	Step          flexInt   `json:"step"`
	RunID         string    `json:"run_id"`
	DatasetName   string    `json:"dataset_name"`
	DatasetDigest string    `json:"dataset_digest"`
}

func (m wireMetric) domain() client.Metric {
	return client.Metric{Key: m.Key, Value: float64(m.Value), Timestamp: int64(m.Timestamp), Step: int64(m.Step),
		RunID: m.RunID, DatasetName: m.DatasetName, DatasetDigest: m.DatasetDigest}
}

func metrics(in []wireMetric) []client.Metric {
	if in == nil {
		return nil
	}
	out := make([]client.Metric, len(in))
	for i, m := range in {
		out[i] = m.domain()
	}
	return out
}

type wireExperiment struct {
	ExperimentID     flexString `json:"experiment_id"`
	Name             string     `json:"name"`
	ArtifactLocation string     `json:"artifact_location"`
	LifecycleStage   string     `json:"lifecycle_stage"`
	CreationTime     flexInt    `json:"creation_time"`
	LastUpdateTime   flexInt    `json:"last_update_time"`
	Tags             []wireTag  `json:"tags"`
	Workspace        string     `json:"workspace"`
}

func (e wireExperiment) domain() client.Experiment {
	return client.Experiment{
		ID: string(e.ExperimentID), Name: e.Name, ArtifactLocation: e.ArtifactLocation,
		LifecycleStage: e.LifecycleStage, CreationTime: int64(e.CreationTime),
		LastUpdateTime: int64(e.LastUpdateTime), Tags: tags(e.Tags), Workspace: e.Workspace,
	}
}

type wireRunInfo struct {
	RunID          string     `json:"run_id"`
	RunUUID        string     `json:"run_uuid"`
	RunName        string     `json:"run_name"`
	ExperimentID   flexString `json:"experiment_id"`
	UserID         string     `json:"user_id"`
	Status         string     `json:"status"`
	StartTime      flexInt    `json:"start_time"`
	EndTime        flexInt    `json:"end_time"`
	ArtifactURI    string     `json:"artifact_uri"`
	LifecycleStage string     `json:"lifecycle_stage"`
}

type wireRun struct {
	Info wireRunInfo `json:"info"`
	Data struct {
		Metrics []wireMetric `json:"metrics"`
		Params  []wireTag    `json:"params"`
		Tags    []wireTag    `json:"tags"`
	} `json:"data"`
	Inputs struct {
		DatasetInputs []struct {
			Tags    []wireTag      `json:"tags"`
			Dataset client.Dataset `json:"dataset"` // all strings on the wire, as in client
		} `json:"dataset_inputs"`
		ModelInputs []struct {
			ModelID string `json:"model_id"`
		} `json:"model_inputs"`
	} `json:"inputs"`
	Outputs struct {
		ModelOutputs []struct {
			ModelID string  `json:"model_id"`
			Step    flexInt `json:"step"`
		} `json:"model_outputs"`
	} `json:"outputs"`
}

func (r wireRun) domain() client.Run {
	in := r.Info
	out := client.Run{
		Info: client.RunInfo{
			RunID: firstNonEmpty(in.RunID, in.RunUUID), RunName: in.RunName,
			ExperimentID: string(in.ExperimentID), UserID: in.UserID, Status: client.RunStatus(in.Status),
			StartTime: int64(in.StartTime), EndTime: int64(in.EndTime), ArtifactURI: in.ArtifactURI,
			LifecycleStage: in.LifecycleStage,
		},
		Data: client.RunData{Metrics: metrics(r.Data.Metrics), Params: params(r.Data.Params), Tags: tags(r.Data.Tags)},
	}
	if out.Info.RunName == "" {
		// Servers before run_name was a field keep the name only as a tag.
		if v, ok := out.Tag("mlflow.runName"); ok {
			out.Info.RunName = v
		}
	}
	for _, d := range r.Inputs.DatasetInputs {
		out.Inputs.Datasets = append(out.Inputs.Datasets, client.DatasetInput{Tags: tags(d.Tags), Dataset: d.Dataset})
	}
	for _, m := range r.Inputs.ModelInputs {
		out.Inputs.ModelInputs = append(out.Inputs.ModelInputs, m.ModelID)
	}
	for _, m := range r.Outputs.ModelOutputs {
		out.Outputs.ModelOutputs = append(out.Outputs.ModelOutputs, client.ModelOutput{ModelID: m.ModelID, Step: int64(m.Step)})
	}
	return out
}

type wireModelVersion struct {
	Name                 string     `json:"name"`
	Version              flexString `json:"version"`
	CreationTimestamp    flexInt    `json:"creation_timestamp"`
	LastUpdatedTimestamp flexInt    `json:"last_updated_timestamp"`
	UserID               string     `json:"user_id"`
	CurrentStage         string     `json:"current_stage"`
	Description          string     `json:"description"`
	Source               string     `json:"source"`
	RunID                string     `json:"run_id"`
	RunLink              string     `json:"run_link"`
	Status               string     `json:"status"`
	StatusMessage        string     `json:"status_message"`
	Tags                 []wireTag  `json:"tags"`
	Aliases              []string   `json:"aliases"`
	ModelID              string     `json:"model_id"`
}

func (v wireModelVersion) domain() client.ModelVersion {
	return client.ModelVersion{
		Name: v.Name, Version: string(v.Version), CreationTimestamp: int64(v.CreationTimestamp),
		LastUpdatedTimestamp: int64(v.LastUpdatedTimestamp), UserID: v.UserID, CurrentStage: v.CurrentStage,
		Description: v.Description, Source: v.Source, RunID: v.RunID, RunLink: v.RunLink, Status: v.Status,
		StatusMessage: v.StatusMessage, Tags: tags(v.Tags), Aliases: v.Aliases, ModelID: v.ModelID,
	}
}

func versions(in []wireModelVersion) []client.ModelVersion {
	if in == nil {
		return nil
	}
	out := make([]client.ModelVersion, len(in))
	for i, v := range in {
		out[i] = v.domain()
	}
	return out
}

type wireRegisteredModel struct {
	Name                 string             `json:"name"`
	CreationTimestamp    flexInt            `json:"creation_timestamp"`
	LastUpdatedTimestamp flexInt            `json:"last_updated_timestamp"`
	Description          string             `json:"description"`
	LatestVersions       []wireModelVersion `json:"latest_versions"`
	Tags                 []wireTag          `json:"tags"`
	Aliases              []struct {
		Alias   string     `json:"alias"`
		Version flexString `json:"version"`
	} `json:"aliases"`
}

func (m wireRegisteredModel) domain() client.RegisteredModel {
	out := client.RegisteredModel{
		Name: m.Name, CreationTimestamp: int64(m.CreationTimestamp), LastUpdatedTimestamp: int64(m.LastUpdatedTimestamp),
		Description: m.Description, LatestVersions: versions(m.LatestVersions), Tags: tags(m.Tags),
	}
	for _, a := range m.Aliases {
		out.Aliases = append(out.Aliases, client.AliasRef{Alias: a.Alias, Version: string(a.Version)})
	}
	return out
}

type wireLoggedModel struct {
	Info struct {
		ModelID                string     `json:"model_id"`
		ExperimentID           flexString `json:"experiment_id"`
		Name                   string     `json:"name"`
		CreationTimestampMs    flexInt    `json:"creation_timestamp_ms"`
		LastUpdatedTimestampMs flexInt    `json:"last_updated_timestamp_ms"`
		ArtifactURI            string     `json:"artifact_uri"`
		Status                 string     `json:"status"`
		ModelType              string     `json:"model_type"`
		SourceRunID            string     `json:"source_run_id"`
		StatusMessage          string     `json:"status_message"`
		Tags                   []wireTag  `json:"tags"`
	} `json:"info"`
	Data struct {
		Params  []wireTag    `json:"params"`
		Metrics []wireMetric `json:"metrics"`
	} `json:"data"`
}

func (m wireLoggedModel) domain() client.LoggedModel {
	i := m.Info
	return client.LoggedModel{
		ModelID: i.ModelID, ExperimentID: string(i.ExperimentID), Name: i.Name,
		CreationTimestampMs: int64(i.CreationTimestampMs), LastUpdatedTimestampMs: int64(i.LastUpdatedTimestampMs),
		ArtifactURI: i.ArtifactURI, Status: i.Status, ModelType: i.ModelType, SourceRunID: i.SourceRunID,
		StatusMessage: i.StatusMessage, Tags: tags(i.Tags), Params: params(m.Data.Params), Metrics: metrics(m.Data.Metrics),
	}
}

type wireFileInfo struct {
	Path     string  `json:"path"`
	IsDir    bool    `json:"is_dir"`
	FileSize flexInt `json:"file_size"`
}

func fileInfos(in []wireFileInfo) []client.FileInfo {
	var out []client.FileInfo
	for _, f := range in {
		out = append(out, client.FileInfo{Path: f.Path, IsDir: f.IsDir, FileSize: int64(f.FileSize)})
	}
	return out
}
