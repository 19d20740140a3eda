import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { Camera } from '../../core/share/state.ts';
import type { PointBuffers } from './space.ts';

/**
 * The 3-D performance space: one THREE.Points over one BufferGeometry (positions, colours and a
 * provenance shape code per point), a custom point shader that draws the same shapes as the 2-D
 * charts, a unit-cube frame with ticks, orbit/zoom controls, and on-demand rendering.
 */

const VERTEX = `
attribute vec3 pcolor;
attribute float shape;
uniform float size;
varying vec3 vColor;
varying float vShape;
void main() {
  vColor = pcolor;
  vShape = shape;
  gl_PointSize = size;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}`;

// Shapes: 0 circle (measured), 1 square (imported), 2 triangle (simulated, hollow), 3 diamond (predicted, hollow).
const FRAGMENT = `
varying vec3 vColor;
varying float vShape;
void main() {
  vec2 p = gl_PointCoord * 2.0 - 1.0;
  p.y = -p.y;
  float d;
  if (vShape < 0.5) d = length(p);
  else if (vShape < 1.5) d = max(abs(p.x), abs(p.y)) * 1.12;
  else if (vShape < 2.5) d = max(-p.y / 0.62, (abs(p.x) * 1.7320508 + p.y) / 0.95);
  else d = abs(p.x) + abs(p.y);
  if (d > 1.0) discard;
  vec3 c = vColor;
  if (vShape > 1.5 && d < 0.52) c = vec3(1.0);
  gl_FragColor = vec4(c, 1.0);
}`;

export const SHAPE_CODE: Record<string, number> = { measured: 0, imported: 1, simulated: 2, predicted: 3, unknown: 0 };

export interface Projected {
  readonly x: number;
  readonly y: number;
  readonly visible: boolean;
}

export interface SpaceSceneEvents {
  onCameraEnd(camera: Camera): void;
  onRender(): void;
}

export const DEFAULT_CAMERA: Camera = { theta: 0.65, phi: 1.2, r: 2.25, target: [0, -0.04, 0] };

export class SpaceScene {
  readonly renderer: THREE.WebGLRenderer;
  readonly camera: THREE.PerspectiveCamera;
  private readonly scene = new THREE.Scene();
  private readonly controls: OrbitControls;
  private readonly raycaster = new THREE.Raycaster();
  private points: THREE.Points | null = null;
  private frameRequested = false;
  private spinning = false;
  private disposed = false;
  /** Frames drawn since creation; read by the frame-rate benchmark through the canvas' data-frames. */
  frames = 0;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly events: SpaceSceneEvents) {
    // preserveDrawingBuffer keeps the last frame readable for PNG export (toDataURL)
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.setClearColor(0xffffff, 1);
    this.camera = new THREE.PerspectiveCamera(45, 1, 0.01, 100);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.minDistance = 0.3;
    this.controls.maxDistance = 12;
    this.controls.addEventListener('change', () => this.requestRender());
    this.controls.addEventListener('end', () => this.events.onCameraEnd(this.cameraState()));
    this.raycaster.params.Points = { threshold: 0.012 };
    this.scene.add(this.frame());
  }

  private frame(): THREE.LineSegments {
    const h = 0.5;
    const c = [-h, h];
    const v: number[] = [];
    for (const a of c) for (const b of c) {
      v.push(-h, a, b, h, a, b); // edges along x
      v.push(a, -h, b, a, h, b); // along y
      v.push(a, b, -h, a, b, h); // along z
    }
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.Float32BufferAttribute(v, 3));
    return new THREE.LineSegments(g, new THREE.LineBasicMaterial({ color: 0xb8bec9 }));
  }

  setTicks(ticks: readonly [readonly number[], readonly number[], readonly number[]]): void {
    const old = this.scene.getObjectByName('ticks');
    if (old) { this.scene.remove(old); (old as THREE.LineSegments).geometry.dispose(); }
    const v: number[] = [];
    const t = 0.025;
    for (const at of ticks[0]) { const x = at - 0.5; v.push(x, -0.5, 0.5, x, -0.5, 0.5 + t, x, -0.5, -0.5, x, -0.5, 0.5); }
    for (const at of ticks[1]) { const y = at - 0.5; v.push(-0.5, y, 0.5, -0.5 - t, y, 0.5, -0.5, y, -0.5, -0.5, y, 0.5); }
    for (const at of ticks[2]) { const z = at - 0.5; v.push(0.5, -0.5, z, 0.5 + t, -0.5, z, -0.5, -0.5, z, 0.5, -0.5, z); }
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.Float32BufferAttribute(v, 3));
    const lines = new THREE.LineSegments(g, new THREE.LineBasicMaterial({ color: 0xe3e6ec }));
    lines.name = 'ticks';
    this.scene.add(lines);
    this.requestRender();
  }

  setPoints(buffers: PointBuffers, shapes: Float32Array, pointSize: number): void {
    if (this.points) {
      this.scene.remove(this.points);
      this.points.geometry.dispose();
      (this.points.material as THREE.Material).dispose();
    }
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(buffers.positions, 3));
    g.setAttribute('pcolor', new THREE.BufferAttribute(buffers.colors, 3));
    g.setAttribute('shape', new THREE.BufferAttribute(shapes, 1));
    g.computeBoundingSphere();
    const material = new THREE.ShaderMaterial({
      vertexShader: VERTEX, fragmentShader: FRAGMENT,
      uniforms: { size: { value: pointSize * this.renderer.getPixelRatio() } },
    });
    this.points = new THREE.Points(g, material);
    this.scene.add(this.points);
    this.requestRender();
  }

  setCamera(cam: Camera): void {
    const target = new THREE.Vector3(...cam.target);
    const offset = new THREE.Vector3().setFromSpherical(new THREE.Spherical(cam.r, cam.phi, cam.theta));
    this.controls.target.copy(target);
    this.camera.position.copy(target).add(offset);
    this.camera.lookAt(target);
    this.controls.update();
    this.requestRender();
  }

  cameraState(): Camera {
    const offset = this.camera.position.clone().sub(this.controls.target);
    const s = new THREE.Spherical().setFromVector3(offset);
    const round = (v: number) => Math.round(v * 1e4) / 1e4;
    return { theta: round(s.theta), phi: round(s.phi), r: round(s.radius), target: [round(this.controls.target.x), round(this.controls.target.y), round(this.controls.target.z)] };
  }

  resize(width: number, height: number): void {
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  /** Continuous rotation (and rendering) while on; otherwise frames are drawn only on change. */
  setSpin(on: boolean): void {
    const was = this.spinning;
    this.spinning = on;
    this.controls.autoRotate = on;
    this.controls.autoRotateSpeed = 6;
    if (on) this.requestRender();
    else if (was) this.events.onCameraEnd(this.cameraState());
  }

  requestRender(): void {
    if (this.frameRequested || this.disposed) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      if (this.disposed) return;
      if (this.spinning) this.controls.update();
      this.renderer.render(this.scene, this.camera);
      this.frames++;
      this.canvas.dataset.frames = String(this.frames);
      this.events.onRender();
      if (this.spinning) this.requestRender();
    });
  }

  /** Screen position (CSS pixels) of a point in cube coordinates. */
  project(x: number, y: number, z: number): Projected {
    const v = new THREE.Vector3(x, y, z).project(this.camera);
    const w = this.canvas.clientWidth;
    const h = this.canvas.clientHeight;
    return { x: (v.x * 0.5 + 0.5) * w, y: (-v.y * 0.5 + 0.5) * h, visible: v.z < 1 };
  }

  /** Index of the nearest point under the pointer, or null. */
  pick(clientX: number, clientY: number): number | null {
    if (!this.points) return null;
    const rect = this.canvas.getBoundingClientRect();
    const ndc = new THREE.Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    this.raycaster.setFromCamera(ndc, this.camera);
    const hits = this.raycaster.intersectObject(this.points);
    if (hits.length === 0) return null;
    hits.sort((a, b) => (a.distanceToRay ?? 0) - (b.distanceToRay ?? 0));
    return hits[0].index ?? null;
  }

  dispose(): void {
    this.disposed = true;
    this.controls.dispose();
    if (this.points) { this.points.geometry.dispose(); (this.points.material as THREE.Material).dispose(); }
    this.renderer.dispose();
  }
}
