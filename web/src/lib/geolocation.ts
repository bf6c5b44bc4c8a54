/** One GPS fix from the device, with its accuracy; errors in words a person can act on. */
export interface Fix {
  lon: number;
  lat: number;
  /** Radius in metres, 68 % confidence (the Geolocation API's meaning). */
  accuracy: number;
}

export function locateOnce(timeoutMs = 20_000): Promise<Fix> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('this browser has no geolocation'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({ lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy }),
      (e) => reject(new Error(e.message || `code ${e.code}`)),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 10_000 },
    );
  });
}
