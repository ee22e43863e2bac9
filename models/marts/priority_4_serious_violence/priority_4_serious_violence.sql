{{ priority_mart(4) }}
