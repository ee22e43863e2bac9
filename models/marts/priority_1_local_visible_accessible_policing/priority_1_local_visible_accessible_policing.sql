{{ priority_mart(1) }}
