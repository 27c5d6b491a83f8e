// The landing page shows whether the server and its database answer.
const healthLine = document.getElementById('health');

fetch('/api/health')
  .then((response) => response.json() as Promise<{ status: string; db: string }>)
  .then((health) => {
    if (healthLine) healthLine.textContent = health.db === 'ok' ? '服务正常 · Service and database are up' : '数据库不可用 · Database is down';
  })
  .catch(() => {
    if (healthLine) healthLine.textContent = '无法连接服务器 · Cannot reach the server';
  });
export {};
