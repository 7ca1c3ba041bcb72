// Builds the task pane and the ribbon function file into dist/; `webpack serve` adds https on localhost:3000.
const fs = require('node:fs');
const path = require('node:path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const DEV_PORT = 3000;

/** A hash of what goes into pipeline-worker.js: the pane asks for the worker with it, so caches never mix builds. */
function workerSourceHash() {
  const hash = require('node:crypto').createHash('sha256');
  const files = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const dirs = ['src/domain', 'src/shared', 'src/render', 'src/adapters/xlsx'].map((d) => path.join(__dirname, d));
  const own = ['pipeline-worker.ts', 'engine.ts', 'file-work.ts', 'render-in-turns.ts', 'result-transfer.ts'].map((f) => path.join(__dirname, 'src/taskpane', f));
  for (const f of [...dirs.flatMap(files), ...own].sort()) {
    hash.update(f.slice(__dirname.length)).update(fs.readFileSync(f));
  }
  return hash.digest('hex').slice(0, 10);
}

/** office-addin-dev-certs' https options; where it cannot trust its CA (Linux without sudo), its generated files as they are. */
async function devHttpsOptions() {
  const devCerts = require('office-addin-dev-certs');
  try {
    return await devCerts.getHttpsServerOptions();
  } catch (e) {
    const { localhostCertificatePath: cert, localhostKeyPath: key, caCertificatePath: ca } = require('office-addin-dev-certs/lib/defaults');
    if (!fs.existsSync(cert) || !fs.existsSync(key)) throw e;
    console.warn(`[dev-server] ${e.message.split('\n')[0]} Serving ${cert} anyway; trust ${ca} in your browser or OS to avoid certificate warnings.`);
    return { cert: fs.readFileSync(cert), key: fs.readFileSync(key), ca: fs.readFileSync(ca) };
  }
}

module.exports = async (env, argv) => {
  const serving = Boolean(env && env.WEBPACK_SERVE);
  const production = argv.mode === 'production';

  const config = {
    entry: {
      taskpane: './src/taskpane/index.tsx',
      commands: './src/commands/commands.ts',
      // Loaded by the pane with `new Worker('pipeline-worker.js')`, so its name stays fixed.
      'pipeline-worker': './src/taskpane/pipeline-worker.ts',
    },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: (pathData) => (production && pathData.chunk.name !== 'pipeline-worker' ? '[name].[contenthash:8].js' : '[name].js'),
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      // Relative chunk URLs, so dist/ works from any folder of a static host.
      publicPath: 'auto',
      clean: true,
    },
    resolve: {
      extensions: ['.tsx', '.ts', '.js', '.mjs'],
      // Lazy imports name their target with '.js' (TypeScript's nodenext rule); the source is the .ts file.
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              // Type checking is `npm run typecheck`; the bundle only needs ES modules for code splitting.
              transpileOnly: true,
              compilerOptions: { module: 'esnext', moduleResolution: 'bundler', noEmit: false, sourceMap: !production },
            },
          },
        },
      ],
    },
    devtool: production ? false : 'source-map',
    performance: {
      // The xlsx reader/writer and docx load only when a file is read or a report is exported.
      hints: production ? 'warning' : false,
      maxEntrypointSize: 1_600_000,
      maxAssetSize: 1_600_000,
    },
    plugins: [
      new webpack.DefinePlugin({ __BUILD_ID__: JSON.stringify(workerSourceHash()) }),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['taskpane'],
        scriptLoading: 'defer',
      }),
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        template: './src/commands/commands.html',
        chunks: ['commands'],
        scriptLoading: 'defer',
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          { from: 'manifest.xml', to: 'manifest.xml' },
          // ES5 and not bundled: it must run where the bundle cannot even be parsed (IE11, Edge Legacy).
          { from: 'src/taskpane/browser-check.js', to: 'browser-check.js' },
          { from: 'src/taskpane/support.html', to: 'support.html' },
        ],
      }),
    ],
  };

  if (serving) {
    // Certificates are read only when serving; a production build never touches them.
    config.devServer = {
      host: 'localhost',
      port: DEV_PORT,
      headers: { 'Access-Control-Allow-Origin': '*' },
      server: { type: 'https', options: await devHttpsOptions() },
      static: false,
      client: { overlay: false },
    };
  }
  return config;
};
