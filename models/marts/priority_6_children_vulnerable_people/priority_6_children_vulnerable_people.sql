{{ priority_mart(6) }}
