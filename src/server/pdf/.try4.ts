import QRCode from 'qrcode';
import { sample, median } from '../../../bench/lib/results.ts';
const url = 'https://egneord.dk/d/7f3a9c2b1d4e5f60a7b8c9d0e1f2';
const bytes = new TextEncoder().encode(url);
console.log('string auto', median(await sample(() => QRCode.create(url, { errorCorrectionLevel: 'M' }), 500, 50)).toFixed(3));
console.log('byte seg', median(await sample(() => QRCode.create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: 'M' }), 500, 50)).toFixed(3));
console.log('byte seg mask0', median(await sample(() => QRCode.create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 0 } as never), 500, 50)).toFixed(3));
console.log(QRCode.create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: 'M' }).version);
