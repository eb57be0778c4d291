package cluster

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/experiments/xor"
)

// object is the part of a Kubernetes object the tests read.
type object struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		CompletionMode string   `yaml:"completionMode"`
		Completions    int      `yaml:"completions"`
		Parallelism    int      `yaml:"parallelism"`
		AccessModes    []string `yaml:"accessModes"`
		Template       struct {
			Spec struct {
				RestartPolicy string `yaml:"restartPolicy"`
				Containers    []struct {
					Command      []string `yaml:"command"`
					Args         []string `yaml:"args"`
					VolumeMounts []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name string `yaml:"name"`
					PVC  struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// readObjects parses every document of a manifest, strictly (an unknown field of the parts
// above is not an error: the manifests hold more).
func readObjects(t *testing.T, path string) map[string]object {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]object{}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	for {
		var o object
		if err := dec.Decode(&o); errors.Is(err, io.EOF) {
			return out
		} else if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out[o.Kind+"/"+o.Metadata.Name] = o
	}
}

// flagValue is the value following -name in args ("" when absent).
func flagValue(args []string, name string) string {
	if i := slices.Index(args, name); i >= 0 && i+1 < len(args) {
		return args[i+1]
	}
	return ""
}

// TestKubernetesManifests: the Indexed Job runs the binary with -shard auto and -shards equal to
// its completions, on the claim the manifest defines, into a folder on that volume; the fan-in
// Job merges that folder with report -complete.
func TestKubernetesManifests(t *testing.T) {
	sweepObjs := readObjects(t, filepath.Join("k8s", "sweep-job.yaml"))
	job, ok := sweepObjs["Job/isingact-sweep"]
	pvc, okPVC := sweepObjs["PersistentVolumeClaim/isingact-shared"]
	if !ok || !okPVC {
		t.Fatalf("sweep-job.yaml holds %v, want the claim and the Job", slices.Collect(maps.Keys(sweepObjs)))
	}
	if !slices.Contains(pvc.Spec.AccessModes, "ReadWriteMany") {
		t.Errorf("claim access modes %v: the shards on several nodes need ReadWriteMany", pvc.Spec.AccessModes)
	}
	s := job.Spec
	if s.CompletionMode != "Indexed" || s.Completions < 1 || s.Parallelism < 1 || s.Parallelism > s.Completions {
		t.Errorf("Job spec: completionMode %q, completions %d, parallelism %d", s.CompletionMode, s.Completions, s.Parallelism)
	}
	c := s.Template.Spec.Containers[0]
	if len(c.Command) != 1 || filepath.Base(c.Command[0]) != "isingact-experiments" {
		t.Errorf("command %q, want the isingact-experiments binary", c.Command)
	}
	if flagValue(c.Args, "-shard") != "auto" || flagValue(c.Args, "-shards") != strconv.Itoa(s.Completions) {
		t.Errorf("args %q: want -shard auto -shards %d (the completions)", c.Args, s.Completions)
	}
	out := flagValue(c.Args, "-out")
	checkVolume(t, "sweep", s.Template.Spec.Containers[0].VolumeMounts[0].MountPath, out, s.Template.Spec.Volumes[0].PVC.ClaimName)
	rep, ok := readObjects(t, filepath.Join("k8s", "report-job.yaml"))["Job/isingact-report"]
	if !ok {
		t.Fatal("report-job.yaml has no Job isingact-report")
	}
	rc := rep.Spec.Template.Spec.Containers[0]
	if !slices.Equal(rc.Command, c.Command) || !slices.Equal(rc.Args, []string{"report", "-out", out, "-complete"}) {
		t.Errorf("fan-in: %q %q, want %q report -out %s -complete", rc.Command, rc.Args, c.Command, out)
	}
	checkVolume(t, "report", rc.VolumeMounts[0].MountPath, out, rep.Spec.Template.Spec.Volumes[0].PVC.ClaimName)
	checkIndexHonoured(t, c.Args, s.Completions)
}

// checkVolume checks that the folder out lies on the mounted claim.
func checkVolume(t *testing.T, job, mount, out, claim string) {
	t.Helper()
	if claim != "isingact-shared" || !strings.HasPrefix(out, mount+"/") {
		t.Errorf("%s Job: -out %s on the claim %q mounted at %s: want a folder of the shared claim", job, out, claim, mount)
	}
}

// checkIndexHonoured runs the manifest's command line, made tiny by later flags, in a pod's
// environment (JOB_COMPLETION_INDEX = 3): it writes shard 3's runs file and only that.
func checkIndexHonoured(t *testing.T, args []string, n int) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv(command.EnvK8sIndex, "3")
	for _, v := range []string{command.EnvSlurmTaskID, command.EnvSlurmTaskCount, command.EnvSlurmTaskMin} {
		t.Setenv(v, "") // a test run inside a Slurm job must not turn into a Slurm shard
	}
	if args[0] != "xor" {
		t.Fatalf("the manifest runs %q; this test knows xor", args[0])
	}
	tiny := append(slices.Clone(args[1:]), "-acts", "tanh", "-model", "perceptron", "-control=false", "-seeds", "8", "-epochs", "5", "-workers", "1", "-out", dir)
	var stdout, stderr bytes.Buffer
	if err := xor.Command().Run(context.Background(), &stdout, &stderr, tiny); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	files, err := sweep.RunsFiles(dir)
	want := filepath.Join(dir, sweep.Shard{Index: 3, Count: n}.RunsFile())
	if err != nil || !slices.Equal(files, []string{want}) {
		t.Errorf("runs files %v (%v), want only %s", files, err, want)
	}
	if !strings.Contains(stdout.String(), "shard 3/"+strconv.Itoa(n)+": 1 runs done") {
		t.Errorf("the pod's shard printed %q", stdout.String())
	}
}

// TestSlurmScripts: the scripts parse (bash -n), every #SBATCH line comes before the first
// command (sbatch reads none after it), the array task runs -shard auto and the merge job
// report -complete, and submit.sh chains them with afterok.
func TestSlurmScripts(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	want := map[string][]string{
		"array.sbatch":  {`"$BIN" $ARGS -shard auto`, `-out "$OUT"`},
		"report.sbatch": {`"$BIN" report -out "$OUT" -complete`},
		"submit.sh":     {"--dependency=afterok:$dep", "--array=0-$((shards - 1))%", "-stage sweep", "-stage final", "report.sbatch"},
	}
	for name, parts := range want {
		path := filepath.Join("slurm", name)
		if out, err := exec.Command(bash, "-n", path).CombinedOutput(); err != nil {
			t.Errorf("bash -n %s: %v\n%s", path, err, out)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range parts {
			if !bytes.Contains(b, []byte(p)) {
				t.Errorf("%s lacks %q", name, p)
			}
		}
		checkDirectives(t, name, b)
	}
}

// checkDirectives checks that no #SBATCH line follows the first command of a script.
func checkDirectives(t *testing.T, name string, b []byte) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(b))
	body := false
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(l, "#SBATCH") && body:
			t.Errorf("%s line %d: #SBATCH after the first command is ignored by sbatch", name, n)
		case l != "" && !strings.HasPrefix(l, "#"):
			body = true
		}
	}
}
