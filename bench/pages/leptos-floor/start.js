// Starts the minimal Leptos page (bench/leptos-floor), as Trunk's start-up script does for ours.
import init from './leptos_floor.js';

await init({ module_or_path: './leptos_floor_bg.wasm' });
